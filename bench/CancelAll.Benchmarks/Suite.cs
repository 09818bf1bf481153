using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CancelAll.Core.Startup;

namespace CancelAll.Benchmarks;

public sealed record SuiteOptions
{
    /// <summary>Row 2's N.</summary>
    public int N { get; init; } = 200;

    public int ColdRuns { get; init; } = 5;

    /// <summary>
    /// Row 2's unlimited line: rounds of every contestant, their order rotating from round to round, so that a busy
    /// spell of the machine falls on all of them alike; the table gives each one's median round and the spread.
    /// </summary>
    public int WarmRounds { get; init; } = 5;

    public int StormN { get; init; } = 1000;

    public int VaultN { get; init; } = 1000;

    /// <summary>Row 0's warm-ups (each a process per run); the smoke test runs only the app's own ("full").</summary>
    public IReadOnlyList<string> FirstKillWarmUps { get; init; } = FirstKillRow.WarmUps;

    /// <summary>
    /// Runs rows 1 and 7 (self-contained processes) beside the rows that use the exchange, to save wall time: for the
    /// smoke test only, which checks that every row runs and measures nothing.
    /// </summary>
    public bool Overlap { get; init; }

    /// <summary>Row 1 with BenchmarkDotNet; false: each case run a few times (smoke).</summary>
    public bool FullMicro { get; init; } = true;

    /// <summary>Folder with package.json and node_modules of the peers; null: the peers are left out.</summary>
    public string? PeersDir { get; init; }

    public required string ExchangeDll { get; init; }

    public required string CliDll { get; init; }

    /// <summary>The Native AOT CLI (bench/run.sh publishes it when clang is there); null: row 3 without it.</summary>
    public string? CliAot { get; init; }

    /// <summary>This tool published ReadyToRun, as the app's production build is (bench/run.sh --r2r); null: row 0 JIT only.</summary>
    public string? ReadyToRunDll { get; init; }

    /// <summary>This tool published self-contained composite ReadyToRun, its own executable (bench/run.sh --composite); null: no such line.</summary>
    public string? CompositeExe { get; init; }

    /// <summary>Host arguments before the CLI's dll (e.g. "exec --runtimeconfig ... --depsfile ..." where its own deps.json does not fit).</summary>
    public string CliHostArgs { get; init; } = string.Empty;

    /// <summary>This tool's dll, whose modes the suite starts as processes.</summary>
    public string SelfDll { get; init; } = typeof(SuiteOptions).Assembly.Location;

    public string OutDir { get; init; } = Path.Combine("bench", "out");

    public static SuiteOptions From(BenchArgs args) => new()
    {
        N = args.Int("n", 200),
        ColdRuns = args.Int("cold-runs", 5),
        WarmRounds = args.Int("warm-rounds", 5),
        StormN = args.Int("storm-n", 1000),
        VaultN = args.Int("vault-n", 1000),
        FullMicro = !args.Flag("quick-micro"),
        Overlap = args.Flag("overlap"),
        PeersDir = args.Flag("no-peers") ? null : args.String("peers") ?? Path.Combine("bench", "peers"),
        ExchangeDll = args.Required("exchange-dll"),
        CliDll = args.Required("cli-dll"),
        CliAot = args.String("cli-aot"),
        ReadyToRunDll = args.String("r2r-dll"),
        CompositeExe = args.String("composite-exe"),
        OutDir = args.String("out") ?? Path.Combine("bench", "out"),
    };
}

/// <summary>
/// Runs the five rows and prints one table. One test exchange process for everything; this tool's modes, the CLI and
/// the peers run as their own processes, under /usr/bin/time -v when it is there (peak memory).
/// </summary>
public static partial class Suite
{
    public static readonly string[] Peers = ["ccxt", "bitget-api"];

    private static readonly JsonSerializerOptions Indented = new(BenchResult.Json) { WriteIndented = true };

    /// <param name="ExchangeMsPerCall">The test exchange's own time per signed call of that process (its middleware to the answer written): what every contestant pays.</param>
    public sealed record ClientRun(string Client, string Label, int N, int Ok, int Cancelled, double WallMs, long PeakRssKb, string PeakRssSource, IReadOnlyList<string> Errors, double ExchangeMsPerCall = 0, IReadOnlyList<double>? WallRunsMs = null);

    /// <summary>Row 3: from just before the spawn to the exchange's first signed request, and to the process's exit (the kill answered and printed).</summary>
    public sealed record ColdStart(string Client, IReadOnlyList<double> RunsMs, double MedianMs, IReadOnlyList<double> ExitRunsMs, double ExitMedianMs);

    /// <summary>
    /// Row 0: the first kill in a fresh process, timed in-process from the request to its answer (after host start), and
    /// from the process's start to that answer (runtime start, DI or module loading, the warm-up, the kill).
    /// </summary>
    /// <param name="Phases">This project only: where the time from process start went, the median of each phase (null for the peers).</param>
    public sealed record FirstKill(string Client, string WarmUp, IReadOnlyList<double> RunsMs, double MedianMs, IReadOnlyList<double> FromProcessStartMs, double FromProcessStartMedianMs, FirstKillPhases? Phases = null);

    /// <summary>Row 0's breakdown from process start: to Main, the service provider built and validated, the warm-up, the first kill (medians, ms).</summary>
    public sealed record FirstKillPhases(double StartToMainMs, double BuildMs, double WarmUpMs, double FirstKillMs);

    /// <summary>Row 7: one answer of <see cref="Orders"/> orders read; bytes are the .NET allocation (BenchmarkDotNet) or V8's heap growth.</summary>
    public sealed record ParseFigure(string Client, int Orders, double MeanUs, long? Bytes, string BytesMeasure);

    public sealed record Report(
        string Machine,
        SuiteOptions Options,
        Micro.Result Micro,
        IReadOnlyList<FirstKill> FirstKills,
        IReadOnlyList<ParseFigure> Parse,
        IReadOnlyList<ClientRun> EndToEnd,
        IReadOnlyList<ColdStart> ColdStarts,
        Storm.Result Storm,
        KeyVaultRow.Result KeyVault,
        IReadOnlyDictionary<string, string> PeerVersions);

    public static async Task<int> RunAsync(SuiteOptions options, TextWriter output)
    {
        var report = await RunReportAsync(options, output);
        var table = Table(report);
        await output.WriteLineAsync();
        await output.WriteLineAsync(table);
        Directory.CreateDirectory(options.OutDir);
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "table.md"), table);
        await File.WriteAllTextAsync(Path.Combine(options.OutDir, "results.json"), JsonSerializer.Serialize(report, Indented));
        var allOk = report.EndToEnd.All(r => r.Ok == r.N) && report.ColdStarts.All(c => c.RunsMs.Count == options.ColdRuns) && report.FirstKills.All(f => f.RunsMs.Count == options.ColdRuns);
        return allOk ? 0 : 1;
    }

    public static async Task<Report> RunReportAsync(SuiteOptions options, TextWriter output)
    {
        Directory.CreateDirectory(options.OutDir);
        var peers = options.PeersDir is null ? [] : Peers;
        var peerVersions = peers.ToDictionary(p => p, p => PeerVersion(options.PeersDir!, p));

        await output.WriteLineAsync("Row 1: in-process cost" + (options.FullMicro ? " (BenchmarkDotNet)" : " (quick)"));
        var microTask = MicroAsync(options, output);
        var parseTask = options.Overlap ? ParseAsync(options, peers) : null;
        if (!options.Overlap)
        {
            await microTask;
        }

        await using var exchange = await ExchangeProcess.StartAsync(options.ExchangeDll);
        using var control = new ExchangeControl(exchange.BaseUrl);
        var url = exchange.BaseUrl.ToString().TrimEnd('/');
        var e2e = new List<ClientRun>();

        await output.WriteLineAsync($"Row 0: first kill after process start, {options.ColdRuns} run(s) each, interleaved");
        await control.SetRateLimitAsync(0);
        var firstKills = await FirstKillsAsync(options, url, peers);
        foreach (var f in firstKills)
        {
            await output.WriteLineAsync($"  {f.Client} ({f.WarmUp}): median {f.MedianMs:0.0} ms ({string.Join(", ", f.RunsMs.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}); from process start {f.FromProcessStartMedianMs:0} ms");
        }

        await output.WriteLineAsync("Row 7: reading a cancel-all answer of 1k and 10k orders" + (options.FullMicro ? " (BenchmarkDotNet)" : " (quick)"));
        var parse = await (parseTask ?? ParseAsync(options, peers));
        foreach (var p in parse)
        {
            await output.WriteLineAsync($"  {p.Client} {p.Orders}: {p.MeanUs:0} µs, {p.Bytes?.ToString(CultureInfo.InvariantCulture) ?? "?"} B ({p.BytesMeasure})");
        }

        await output.WriteLineAsync($"Row 2: {options.N} sequential cancel-alls against {url}");
        await control.SetRateLimitAsync(10);
        e2e.Add(await CoreE2eAsync(options, control, "limited: exchange 10/s, client limiter 10/s", $"--rps 10", LimitedN(options)));
        foreach (var peer in peers.Where(p => p == "ccxt"))
        {
            e2e.Add(await PeerE2eAsync(options, control, peer, "limited: exchange 10/s, ccxt's default limiter (what a ccxt user gets)", LimitedN(options), "--default-limiter"));
        }

        await control.SetRateLimitAsync(0);
        e2e.Add(await CoreE2eAsync(options, control, "unlimited: exchange off, client limiter on (Bitget's 10/s for cancel-all)", "--rps 100", options.N));
        // Ours twice: warmed as every peer is (the one untimed call alone), and as the app starts (its own start-up warm-up, a product feature, then that call).
        var warmContestants = new List<Func<Task<ClientRun>>>
        {
            () => CoreE2eAsync(options, control, "unlimited: exchange off, client limiter out of the way (bench only); the one untimed call alone", "--rps 100 --limiter-out-of-the-way", options.N),
            () => CoreE2eAsync(options, control, "unlimited: exchange off, client limiter out of the way (bench only); as the app starts: its start-up warm-up (dry kills, reads, tier-up) and then the one untimed call", "--rps 100 --limiter-out-of-the-way --app-warm-up", options.N),
        };
        warmContestants.AddRange(peers.Select(peer => (Func<Task<ClientRun>>)(() => PeerE2eAsync(options, control, peer, "unlimited: exchange off, no client throttle", options.N, string.Empty))));
        e2e.AddRange(await InterleavedAsync(warmContestants, options.WarmRounds));

        foreach (var run in e2e)
        {
            await output.WriteLineAsync($"  {run.Client} ({run.Label}): {run.Ok}/{run.N} ok, {run.WallMs:0} ms, peak {run.PeakRssKb / 1024.0:0} MiB, the exchange's own time {run.ExchangeMsPerCall:0.000} ms per call");
        }

        await output.WriteLineAsync($"Row 3: cold start, median of {options.ColdRuns}");
        var cliArguments = $"-p USDT-FUTURES -m USDT --base-url {url}";
        var contestants = new List<(string Client, string File, string Arguments)> { ("cancel-all CLI", "dotnet", $"{options.CliHostArgs} {Quote(options.CliDll)} {cliArguments}") };
        if (options.CliAot is not null)
        {
            contestants.Add(("cancel-all CLI (Native AOT)", options.CliAot, cliArguments));
        }

        contestants.AddRange(peers.Select(peer => (peer, "node", $"{Quote(Path.Combine(options.PeersDir!, "peer.js"))} --peer {peer} --base-url {url} --n 1")));
        var cold = await ColdStartsAsync(control, options.ColdRuns, contestants);
        foreach (var c in cold)
        {
            await output.WriteLineAsync($"  {c.Client}: first signed request {c.MedianMs:0} ms ({string.Join(", ", c.RunsMs.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}); exit {c.ExitMedianMs:0} ms");
        }

        await output.WriteLineAsync($"Row 4: alert storm, {options.StormN} concurrent webhook requests, exchange at 10/s");
        await control.SetRateLimitAsync(10);
        var storm = BenchResult.Read<Storm.Result>((await RunAsync("dotnet", $"{Quote(options.SelfDll)} storm --base-url {url} --n {options.StormN}")).Stdout)
            ?? throw new InvalidOperationException("storm printed no result");
        await output.WriteLineAsync($"  {storm.ExchangeCalls} exchange call(s), {storm.VaultReads} vault read(s), p50 {storm.P50Ms:0.0} ms, p99 {storm.P99Ms:0.0} ms");

        await output.WriteLineAsync($"Row 5: Key Vault reads per {options.VaultN} warm invocations");
        await control.SetRateLimitAsync(0);
        var vault = BenchResult.Read<KeyVaultRow.Result>((await RunAsync("dotnet", $"{Quote(options.SelfDll)} keyvault --base-url {url} --n {options.VaultN}")).Stdout)
            ?? throw new InvalidOperationException("keyvault printed no result");
        await output.WriteLineAsync($"  {vault.VaultReads} read(s); naive: {vault.NaiveVaultReads}");

        return new Report(Machine(), options, await microTask, firstKills, parse, e2e, cold, storm, vault, peerVersions);
    }

    /// <summary>The limited lines' N: ccxt's default limiter spaces cancel-alls about 1 s apart, so 200 would take minutes.</summary>
    private static int LimitedN(SuiteOptions options) => Math.Min(options.N, 20);

    /// <summary>
    /// Each row-0 line its own start-up JIT profile directory, so a run plays the profile of the same line's run before
    /// (as a restarted app plays its own), never one recorded by another build or warm-up.
    /// </summary>
    private static Dictionary<string, string> OwnJitProfile(string warmUp) => new()
    {
        [StartupJitProfile.DirectoryVariable] = Path.Combine(Path.GetTempPath(), "cancel-all-bench-jit", warmUp.Replace(", ", "-", StringComparison.Ordinal).Replace(' ', '-')),
    };

    /// <summary>Row 0: each contestant's first call in a fresh process, the project with each warm-up (and ReadyToRun when given), runs interleaved.</summary>
    private static async Task<IReadOnlyList<FirstKill>> FirstKillsAsync(SuiteOptions options, string url, IReadOnlyList<string> peers)
    {
        var own = options.FirstKillWarmUps.Select(w => (Client: "cancel-all app host", WarmUp: w, Dll: options.SelfDll)).ToList();
        if (options.ReadyToRunDll is not null)
        {
            own.Add(("cancel-all app host", "full, ReadyToRun", options.ReadyToRunDll));
            if (options.FirstKillWarmUps.Contains("tier-up"))
            {
                own.Add(("cancel-all app host", "tier-up, ReadyToRun", options.ReadyToRunDll));
            }
        }

        if (options.CompositeExe is not null)
        {
            own.Add(("cancel-all app host", "full, self-contained composite", options.CompositeExe));
        }

        var contestants = own.Concat(peers.Select(p => (Client: p, WarmUp: "none", Dll: string.Empty))).ToList();
        var runs = contestants.ToDictionary(c => (c.Client, c.WarmUp), _ => new List<(double Kill, double FromStart)>());
        var phases = contestants.ToDictionary(c => (c.Client, c.WarmUp), _ => new List<FirstKillRow.Result>());
        for (var i = 0; i < options.ColdRuns; i++)
        {
            foreach (var (client, warmUp, dll) in contestants)
            {
                (double, double) figures;
                if (client == "cancel-all app host")
                {
                    // A self-contained publish is its own executable; a dll runs through the dotnet host.
                    var (file, prefix) = dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", Quote(dll) + " ") : (dll, string.Empty);
                    var run = await RunAsync(file, $"{prefix}firstkill --base-url {url} --warm-up {warmUp.Split(',')[0]}", OwnJitProfile(warmUp));
                    var result = BenchResult.Read<FirstKillRow.Result>(run.Stdout);
                    figures = result is { Status: 200, Cancelled: > 0 } ? (result.FirstKillMs, result.StartToAnsweredMs) : throw new InvalidOperationException($"firstkill ({warmUp}) failed: {run.Stderr}{run.Stdout}");
                    phases[(client, warmUp)].Add(result);
                }
                else
                {
                    var run = await RunAsync("node", $"{Quote(Path.Combine(options.PeersDir!, "peer.js"))} --peer {client} --base-url {url} --n 1", BenchAccount.Environment);
                    var result = BenchResult.ReadPlain<PeerResult>(run.Stdout);
                    figures = result is { Ok: 1 } ? (result.WallMs, result.UptimeMs) : throw new InvalidOperationException($"{client} first call failed: {run.Stderr}{run.Stdout}");
                }

                runs[(client, warmUp)].Add(figures);
            }
        }

        return runs.Select(r => new FirstKill(
            r.Key.Client,
            r.Key.WarmUp,
            r.Value.Select(v => v.Kill).ToList(),
            BenchResult.Median(r.Value.Select(v => v.Kill).ToList()),
            r.Value.Select(v => v.FromStart).ToList(),
            BenchResult.Median(r.Value.Select(v => v.FromStart).ToList()),
            phases[r.Key] is { Count: > 0 } results
                ? new FirstKillPhases(
                    BenchResult.Median(results.Select(x => x.StartToMainMs).ToList()),
                    BenchResult.Median(results.Select(x => x.BuildMs).ToList()),
                    BenchResult.Median(results.Select(x => x.WarmUpMs).ToList()),
                    BenchResult.Median(results.Select(x => x.FirstKillMs).ToList()))
                : null)).ToList();
    }

    private static async Task<Micro.Result> MicroAsync(SuiteOptions options, TextWriter output)
    {
        var args = options.FullMicro ? $"micro --artifacts {Quote(Path.Combine(options.OutDir, "bdn"))}" : "micro --quick --n 50";
        var run = await RunAsync("dotnet", $"{Quote(options.SelfDll)} {args}", timeout: TimeSpan.FromMinutes(20), echo: options.FullMicro ? output : null);
        return BenchResult.Read<Micro.Result>(run.Stdout) ?? throw new InvalidOperationException($"micro printed no result: {run.Stderr}");
    }

    /// <summary>Row 7: this project with BenchmarkDotNet (or quick), the peers with peer.js --parse under node --expose-gc.</summary>
    private static async Task<IReadOnlyList<ParseFigure>> ParseAsync(SuiteOptions options, IReadOnlyList<string> peers)
    {
        var args = options.FullMicro ? $"parse --artifacts {Quote(Path.Combine(options.OutDir, "bdn"))}" : "parse --quick --n 20";
        var own = BenchResult.Read<ParseRow.Result>((await RunAsync("dotnet", $"{Quote(options.SelfDll)} {args}", timeout: TimeSpan.FromMinutes(20))).Stdout)
            ?? throw new InvalidOperationException("parse printed no result");
        var figures = own.Cases.Select(c => new ParseFigure("cancel-all core", c.Orders, c.MeanNs / 1000, c.AllocatedBytes, own.Quick ? "allocated, quick" : "allocated, BenchmarkDotNet")).ToList();
        foreach (var peer in peers)
        {
            foreach (var orders in new[] { 1_000, 10_000 })
            {
                var run = await RunAsync("node", $"--expose-gc {Quote(Path.Combine(options.PeersDir!, "peer.js"))} --peer {peer} --parse {orders} --reps 30");
                var result = BenchResult.ReadPlain<PeerParse>(run.Stdout) ?? throw new InvalidOperationException($"{peer} --parse printed no result: {run.Stderr}");
                figures.Add(new ParseFigure(peer, orders, result.MedianUs, result.HeapBytes, "V8 heap growth"));
            }
        }

        return figures;
    }

    /// <summary>Each contestant once per round, the order rotating; per contestant its median round, with every round's wall time.</summary>
    private static async Task<List<ClientRun>> InterleavedAsync(List<Func<Task<ClientRun>>> contestants, int rounds)
    {
        var runs = contestants.Select(_ => new List<ClientRun>()).ToList();
        for (var round = 0; round < Math.Max(1, rounds); round++)
        {
            for (var turn = 0; turn < contestants.Count; turn++)
            {
                var which = (round + turn) % contestants.Count;
                runs[which].Add(await contestants[which]());
            }
        }

        return runs.Select(r => r.OrderBy(x => x.WallMs).ElementAt((r.Count - 1) / 2) with { WallRunsMs = r.Select(x => x.WallMs).ToList() }).ToList();
    }

    private static async Task<ClientRun> PeerE2eAsync(SuiteOptions options, ExchangeControl control, string peer, string label, int n, string extra)
    {
        var url = control.BaseUrl.ToString().TrimEnd('/');
        await control.ResetAsync();
        var run = await TimedAsync("node", $"{Quote(Path.Combine(options.PeersDir!, "peer.js"))} --peer {peer} --base-url {url} --n {n} --warm 1 {extra}", BenchAccount.Environment);
        var result = BenchResult.ReadPlain<PeerResult>(run.Stdout) ?? throw new InvalidOperationException($"{peer} printed no result: {run.Stderr}");
        return new ClientRun(peer, label, result.N, result.Ok, result.Cancelled, result.WallMs, run.PeakRssKb > 0 ? run.PeakRssKb : result.SelfPeakRssKb, run.PeakRssKb > 0 ? "time -v" : "self", result.Errors, await ExchangeMsPerCallAsync(control));
    }

    private static async Task<ClientRun> CoreE2eAsync(SuiteOptions options, ExchangeControl control, string label, string extra, int n)
    {
        var url = control.BaseUrl.ToString().TrimEnd('/');
        await control.ResetAsync();
        var run = await TimedAsync("dotnet", $"{Quote(options.SelfDll)} e2e --base-url {url} --n {n} --warm 1 {extra}", null);
        var result = BenchResult.Read<E2e.Result>(run.Stdout) ?? throw new InvalidOperationException($"e2e printed no result: {run.Stderr}");
        return new ClientRun("cancel-all core", label, result.N, result.Ok, result.Cancelled, result.WallMs, run.PeakRssKb > 0 ? run.PeakRssKb : result.SelfPeakRssKb, run.PeakRssKb > 0 ? "time -v" : "self", result.Errors, await ExchangeMsPerCallAsync(control));
    }

    private static async Task<double> ExchangeMsPerCallAsync(ExchangeControl control)
    {
        var stats = await control.StatsAsync();
        return stats.Signed == 0 ? 0 : stats.SignedServerMs / stats.Signed;
    }

    /// <summary>
    /// From just before each process is spawned to the exchange receiving its first signed request (one clock: this
    /// machine's), and to the process's exit; the contestants take turns, run by run.
    /// </summary>
    private static async Task<IReadOnlyList<ColdStart>> ColdStartsAsync(ExchangeControl control, int runs, IReadOnlyList<(string Client, string File, string Arguments)> contestants)
    {
        var times = contestants.ToDictionary(c => c.Client, _ => (Signed: new List<double>(), Exit: new List<double>()));
        for (var i = 0; i < runs; i++)
        {
            foreach (var (client, file, arguments) in contestants)
            {
                await control.ResetAsync();
                var spawned = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
                var run = await RunAsync(file, arguments, BenchAccount.Environment);
                var exited = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
                var stats = await control.StatsAsync();
                if (run.ExitCode != 0 || stats.Signed == 0)
                {
                    throw new InvalidOperationException($"{client} cold start failed (exit {run.ExitCode}, {stats.Signed} signed request(s)): {run.Stderr}{run.Stdout}");
                }

                times[client].Signed.Add(stats.FirstSignedMs - spawned);
                times[client].Exit.Add(exited - spawned);
            }
        }

        return contestants.Select(c => times[c.Client]).Zip(contestants, (t, c) => new ColdStart(c.Client, t.Signed, BenchResult.Median(t.Signed), t.Exit, BenchResult.Median(t.Exit))).ToList();
    }

    private sealed record PeerResult(string Client, int N, int Ok, int Cancelled, double WallMs, IReadOnlyList<string> Errors, long SelfPeakRssKb, double UptimeMs);

    private sealed record PeerParse(string Client, int Orders, double MedianUs, long? HeapBytes);

    private sealed record ProcessRun(int ExitCode, string Stdout, string Stderr, long PeakRssKb);

    private const string TimeBinary = "/usr/bin/time";

    /// <summary>Runs under /usr/bin/time -v when it is there, for "Maximum resident set size".</summary>
    private static async Task<ProcessRun> TimedAsync(string file, string arguments, IReadOnlyDictionary<string, string>? environment)
    {
        if (!File.Exists(TimeBinary))
        {
            return await RunAsync(file, arguments, environment);
        }

        var run = await RunAsync(TimeBinary, $"-v {file} {arguments}", environment);
        var match = MaxRss().Match(run.Stderr);
        return run with { PeakRssKb = match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0 };
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();

    private static async Task<ProcessRun> RunAsync(string file, string arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, TextWriter? echo = null)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            echo?.WriteLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in time.");
        }

        process.WaitForExit();
        return new ProcessRun(process.ExitCode, stdout.ToString(), stderr.ToString(), 0);
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    private static string PeerVersion(string peersDir, string peer)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(peersDir, "node_modules", peer, "package.json")));
            return doc.RootElement.GetProperty("version").GetString() ?? "?";
        }
        catch (IOException)
        {
            return "not installed";
        }
    }

    public static string Machine()
    {
        string Read(string path, string prefix) =>
            File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?" : "?";
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? "?"
            : System.Runtime.InteropServices.RuntimeInformation.OSDescription;
        return $"{Environment.ProcessorCount} CPU(s), {Read("/proc/cpuinfo", "model name")}, {Read("/proc/meminfo", "MemTotal")} RAM, {os}, .NET {Environment.Version}";
    }

    /// <summary>The table: one line per measure, this project beside each peer, ratio = peer ÷ this project (above 1: this project is faster or leaner).</summary>
    public static string Table(Report report)
    {
        var peers = report.PeerVersions.Keys.ToList();
        var text = new StringBuilder();
        string F(double v, string format = "0") => v.ToString(format, CultureInfo.InvariantCulture);
        string Mib(long kb) => F(kb / 1024.0, "0") + " MiB";
        string Ratio(double peer, double self) => self <= 0 ? "–" : F(peer / self, "0.00") + "×";
        var header = "| # | measure | this project | " + string.Join(" | ", peers.Select(p => $"{p} {report.PeerVersions[p]} (ratio)")) + " |";
        text.AppendLine(header);
        text.AppendLine("|---|---|---:|" + string.Concat(peers.Select(_ => "---:|")));
        string NoPeer() => string.Concat(peers.Select(_ => " n/a |"));

        string PeerCells(Func<string, double?> figure, double self, string unit, string format = "0") => string.Concat(peers.Select(p => figure(p) is { } v ? $" {F(v, format)} {unit} ({Ratio(v, self)}) |" : " – |"));

        foreach (var kill in report.FirstKills.Where(f => f.Client == "cancel-all app host"))
        {
            var cells = PeerCells(p => report.FirstKills.FirstOrDefault(f => f.Client == p)?.MedianMs, kill.MedianMs, "ms", "0.0");
            text.AppendLine(CultureInfo.InvariantCulture, $"| 0 | first kill after host start, in-process: webhook → signed cancel-all answered (peers: their first call, module loaded), median of {kill.RunsMs.Count} — warm-up: {kill.WarmUp} | {F(kill.MedianMs, "0.0")} ms |{cells}");
        }

        foreach (var kill in report.FirstKills.Where(f => f.Client == "cancel-all app host"))
        {
            var cells = PeerCells(p => report.FirstKills.FirstOrDefault(f => f.Client == p)?.FromProcessStartMedianMs, kill.FromProcessStartMedianMs, "ms");
            var breakdown = kill.Phases is { } p ? $" (medians: to Main {F(p.StartToMainMs)}, DI and settings {F(p.BuildMs)}, warm-up {F(p.WarmUpMs)}, kill {F(p.FirstKillMs)})" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"| 0 | first kill from process start: runtime, DI (peers: modules) and warm-up included, to the kill answered, median of {kill.RunsMs.Count} — warm-up: {kill.WarmUp}; the app's start-up code, its start-up JIT profile recorded by the same line's run before | {F(kill.FromProcessStartMedianMs)} ms{breakdown} |{cells}");
        }

        foreach (var c in report.Micro.Cases)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| 1 | in-process {c.Name}{(report.Micro.Quick ? " (quick, not BDN)" : string.Empty)}: time / allocated per op | {F(c.MeanNs / 1000, "0.0")} µs / {F(c.AllocatedBytes / 1024.0, "0.0")} KiB |{NoPeer()}");
        }

        string Spread(ClientRun r) => r.WallRunsMs is { Count: > 1 } w ? $" [{F(w.Min())}–{F(w.Max())}]" : string.Empty;
        var fastest = report.EndToEnd.Where(r => r.Client == "cancel-all core").MinBy(r => r.WallMs)!;
        var configured = report.EndToEnd.Where(r => r.Client == "cancel-all core").ToList();
        bool IsLimited(ClientRun r) => r.Label.StartsWith("limited", StringComparison.Ordinal);
        foreach (var run in configured)
        {
            var cells = string.Concat(peers.Select(p => report.EndToEnd.FirstOrDefault(r => r.Client == p && IsLimited(r) == IsLimited(run)) is { } peer
                ? $" {F(peer.WallMs)} ms{Spread(peer)} ({Ratio(peer.WallMs, run.WallMs)}){(IsLimited(run) ? ", its default limiter" : string.Empty)} |"
                : " – |"));
            var rounds = run.WallRunsMs is { Count: > 1 } w ? $", median of {w.Count} rounds, contestants interleaved [fastest–slowest]" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"| 2 | {run.N} sequential cancel-alls after one untimed call each, wall time{rounds} — {run.Label} | {F(run.WallMs)} ms{Spread(run)} ({run.Ok}/{run.N} ok) |{cells}");
        }

        // What each call costs beyond the exchange's own time (which every contestant pays): the client, loopback and scheduling.
        var unlimited = report.EndToEnd.Where(r => !IsLimited(r)).ToList();
        if (unlimited.Count > 0)
        {
            double Beyond(ClientRun r) => (r.WallMs / r.N) - r.ExchangeMsPerCall;
            var exchangeCells = string.Concat(peers.Select(p => unlimited.FirstOrDefault(r => r.Client == p) is { } peer ? $" {F(peer.ExchangeMsPerCall, "0.000")} ms / {F(Beyond(peer), "0.000")} ms ({Ratio(Beyond(peer), Beyond(fastest))}) |" : " n/a |"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| 2 | per call in that run: the test exchange's own time / the rest (client, loopback, scheduling; ratio of the rest) | {F(fastest.ExchangeMsPerCall, "0.000")} ms / {F(Beyond(fastest), "0.000")} ms |{exchangeCells}");
        }

        var memoryCells = string.Concat(peers.Select(p => report.EndToEnd.FirstOrDefault(r => r.Client == p && !IsLimited(r)) is { } peer ? $" {Mib(peer.PeakRssKb)} ({Ratio(peer.PeakRssKb, fastest.PeakRssKb)}) |" : " n/a |"));
        text.AppendLine(CultureInfo.InvariantCulture, $"| 2 | peak memory of that process (max RSS, {fastest.PeakRssSource}) | {Mib(fastest.PeakRssKb)} |{memoryCells}");

        foreach (var cli in report.ColdStarts.Where(c => c.Client.StartsWith("cancel-all", StringComparison.Ordinal)))
        {
            var coldCells = string.Concat(peers.Select(p => report.ColdStarts.FirstOrDefault(c => c.Client == p) is { } peer ? $" {F(peer.MedianMs)} ms ({Ratio(peer.MedianMs, cli.MedianMs)}) |" : " n/a |"));
            var exitCells = string.Concat(peers.Select(p => report.ColdStarts.FirstOrDefault(c => c.Client == p) is { } peer ? $" {F(peer.ExitMedianMs)} ms ({Ratio(peer.ExitMedianMs, cli.ExitMedianMs)}) |" : " n/a |"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| 3 | {cli.Client}: spawn → first signed request at the exchange, median of {cli.RunsMs.Count}, interleaved (peers: one-shot node script) | {F(cli.MedianMs)} ms |{coldCells}");
            text.AppendLine(CultureInfo.InvariantCulture, $"| 3 | {cli.Client}: spawn → answered (the process exits after printing the outcome), median of {cli.RunsMs.Count} | {F(cli.ExitMedianMs)} ms |{exitCells}");
        }

        var s = report.Storm;
        text.AppendLine(CultureInfo.InvariantCulture, $"| 4 | alert storm: {s.Requests} concurrent webhooks, one target — exchange calls / Key Vault reads | {s.ExchangeCalls} / {s.VaultReads} |{NoPeer()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"| 4 | alert storm: time to answer p50 / p99 (answers: {string.Join(", ", s.Answers.Select(a => $"{a.Value}× {a.Key}"))}) | {F(s.P50Ms, "0.0")} / {F(s.P99Ms, "0.0")} ms |{NoPeer()}");
        var k = report.KeyVault;
        text.AppendLine(CultureInfo.InvariantCulture, $"| 5 | Key Vault reads per {k.Invocations} warm invocations, one account (naive read-every-time: {k.NaiveVaultReads}) | {k.VaultReads} |{NoPeer()}");
        foreach (var own in report.Parse.Where(p => p.Client == "cancel-all core"))
        {
            var cells = string.Concat(peers.Select(p => report.Parse.FirstOrDefault(f => f.Client == p && f.Orders == own.Orders) is { } peer
                ? $" {F(peer.MeanUs)} µs ({Ratio(peer.MeanUs, own.MeanUs)}) / {(peer.Bytes is { } b ? F(b / 1024.0) + " KiB" : "?")} |"
                : " – |"));
            var bytes = own.Bytes is { } ob ? $"{F(ob / 1024.0)} KiB ({F((double)ob / own.Orders)} B/order)" : "?";
            text.AppendLine(CultureInfo.InvariantCulture, $"| 7 | read a cancel-all answer of {own.Orders} orders: time / bytes ({own.BytesMeasure}; peers: V8 heap growth) | {F(own.MeanUs)} µs / {bytes} |{cells}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {report.Machine}");
        text.AppendLine("Ratio = peer ÷ this project: above 1× this project is faster (or uses less memory); below 1× it is slower. n/a: the peers have no such feature.");
        return text.ToString();
    }
}

/// <summary>The test exchange as its own process, started once.</summary>
public sealed class ExchangeProcess : IAsyncDisposable
{
    private readonly Process process;

    private ExchangeProcess(Process process, Uri baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <param name="runawayBot">
    /// True: every cancel-all finds 5 open orders, 5 at start and 5 new ones after each cancel (a runaway bot). False: the
    /// account starts empty and the caller seeds it (ExchangeControl's seeding calls).
    /// </param>
    public static async Task<ExchangeProcess> StartAsync(string exchangeDll, string mode = "classic", bool runawayBot = true)
    {
        // Classic by default: the bench measures the V2 path (UtaRow: uta).
        var orders = runawayBot ? "--orders 5 --refill 5" : "--orders 0";
        var info = new ProcessStartInfo("dotnet", $"\"{exchangeDll}\" --port 0 --mode {mode} --rate-limit 10 --account {BenchAccount.ExchangeArgument} {orders}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the test exchange");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await process.StandardOutput.ReadLineAsync(deadline.Token);
        if (first is null || !Uri.TryCreate(first.Trim(), UriKind.Absolute, out var url) || url.Host != "127.0.0.1")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The test exchange did not print a loopback address: '{first}' {await process.StandardError.ReadToEndAsync()}");
        }

        return new ExchangeProcess(process, url);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
