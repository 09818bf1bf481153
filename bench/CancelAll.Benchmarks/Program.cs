using CancelAll.Benchmarks;

// dotnet CancelAll.Benchmarks.dll MODE [--option value]...
//   suite     runs all five rows (spawning the exchange, this tool's modes, the CLI and the peers) and prints the table
//   micro     row 1: BenchmarkDotNet, in-process cost of one cancel-all (--quick: run each case once, no BenchmarkDotNet)
//   e2e       row 2: N sequential cancel-alls through the core against --base-url
//   storm     row 4: N concurrent webhook requests for one target, keys from a loopback fake Key Vault
//   keyvault  row 5: Key Vault reads per N warm invocations for one account
//   parse     row 7: reading a cancel-all answer of 1k and 10k orders (BenchmarkDotNet; --quick: a stopwatch, for the smoke test)
//   firstkill row 0: one process start, a warm-up (--warm-up none|reads|full), then the first webhook kill against --base-url
//   limiter   row 6: the rate limiter's sustained rate per endpoint group (starts its own test exchange: --exchange-dll)
// Every mode but suite ends with one line "RESULT {json}".
var options = BenchArgs.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "suite" => await Suite.RunAsync(SuiteOptions.From(options), Console.Out),
    "micro" => await Micro.RunAsync(options),
    "e2e" => await E2e.RunAsync(options),
    "storm" => await Storm.RunAsync(options),
    "keyvault" => await KeyVaultRow.RunAsync(options),
    "limiter" => await LimiterRow.RunAsync(options),
    "parse" => await ParseRow.RunAsync(options),
    "firstkill" => await FirstKillRow.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: CancelAll.Benchmarks suite|micro|e2e|storm|keyvault|limiter|parse|firstkill [--option value]... (see bench/run.sh and BENCHMARKS.md)");
    return 2;
}
