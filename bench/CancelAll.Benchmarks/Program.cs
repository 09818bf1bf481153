using CancelAll.Benchmarks;
using CancelAll.Core.Startup;

// dotnet CancelAll.Benchmarks.dll MODE [--option value]...
//   suite     runs all five rows (spawning the exchange, this tool's modes, the CLI and the peers) and prints the table
//   micro     row 1: BenchmarkDotNet, in-process cost of one cancel-all (--quick: run each case once, no BenchmarkDotNet)
//   e2e       row 2: N sequential cancel-alls through the core against --base-url
//   storm     row 4: N concurrent webhook requests for one target, keys from a loopback fake Key Vault
//   keyvault  row 5: Key Vault reads per N warm invocations for one account
//   parse     row 7: reading a cancel-all answer of 1k and 10k orders (BenchmarkDotNet; --quick: a stopwatch, for the smoke test)
//   firstkill row 0: one process start, a warm-up (--warm-up none|reads|full), then the first webhook kill against --base-url
//   limiter   row 6: the rate limiter's sustained rate per endpoint group (starts its own test exchange: --exchange-dll)
//   uta       UTA rows: a single kill and a flatten on a Unified Trading Account, next to the peers' V3 clients (--peers DIR)
//   limiter-uta row 6 for V3: the same through the test exchange in UTA mode (--exchange-dll)
//   scale-out N app instances (processes: scale-out-app) share one test exchange under a webhook storm (--exchange-dll)
// Every mode but suite ends with one line "RESULT {json}".
// Row 0 is a process start as the app's: the same start-up JIT profile, first thing (its own file: another start).
var jitProfile = args.FirstOrDefault() == "firstkill" ? StartupJitProfile.Start("cancel-all-bench-firstkill") : null;
var options = BenchArgs.Parse(args.Skip(1));
var exitCode = args.FirstOrDefault() switch
{
    "suite" => await Suite.RunAsync(SuiteOptions.From(options), Console.Out),
    "micro" => await Micro.RunAsync(options),
    "e2e" => await E2e.RunAsync(options),
    "storm" => await Storm.RunAsync(options),
    "keyvault" => await KeyVaultRow.RunAsync(options),
    "limiter" => await LimiterRow.RunAsync(options),
    "uta" => await UtaRow.RunAsync(options),
    "limiter-uta" => await UtaRow.RunLimiterAsync(options),
    "scale-out" => await ScaleOutRow.RunAsync(options),
    "scale-out-app" => await ScaleOutRow.RunInstanceAsync(options),
    "parse" => await ParseRow.RunAsync(options),
    "firstkill" => await FirstKillRow.RunAsync(options),
    _ => Usage(),
};

if (jitProfile is not null)
{
    await Console.Error.WriteLineAsync("Start-up: " + jitProfile.Status);
}

return exitCode;

static int Usage()
{
    Console.Error.WriteLine("usage: CancelAll.Benchmarks suite|micro|e2e|storm|keyvault|limiter|parse|firstkill|uta|limiter-uta|scale-out [--option value]... (see bench/run.sh and BENCHMARKS.md)");
    return 2;
}
