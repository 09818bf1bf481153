using System.Diagnostics;
using System.Globalization;
using System.Text;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.TestExchange;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>
/// The UTA rows. <c>uta</c>: a single kill (cancel-symbol-order, 5 open orders) and a flatten (3 orders, a trigger and
/// two TP/SL strategy orders, two positions) on a Unified Trading Account, warm, this project in-process next to the
/// peers' V3 clients (bitget-api's RestClientV3, ccxt's uta methods; bench/peers/uta-peer.js), each run on a freshly
/// seeded test exchange in UTA mode, in a process of its own, that verifies every signature; after each run the account must be flat.
/// <c>limiter-uta</c>, row 6 for V3: the limiter's sustained rate through the real handler chain against the test exchange in UTA mode,
/// whose limits are Bitget's per UID and endpoint (cancel-symbol-order and close-positions 5/s, cancel-strategy-order
/// 10/s, reads 20/s). N = limit × seconds + 1 signed calls per endpoint, all queued at once; the exchange's own clock
/// gives the rate (first to last arrival) and its own counter the 429s. One endpoint at a time, as in row 6A.
/// </summary>
public static class UtaRow
{
    public static async Task<int> RunLimiterAsync(BenchArgs args)
    {
        var seconds = args.Int("seconds", 3);
        await using var exchange = await ExchangeProcess.StartAsync(args.Required("exchange-dll"), "uta");
        var rows = await MeasureLimiterAsync(exchange.BaseUrl, seconds);
        Console.WriteLine(LimiterTable(rows));
        BenchResult.Print(rows);
        return rows.All(g => g.TooManyRequests == 0 && g.OfAllowed <= 1.0) ? 0 : 1;
    }

    public static async Task<IReadOnlyList<LimiterRow.ExchangeGroup>> MeasureLimiterAsync(Uri baseUrl, int seconds)
    {
        using var control = new ExchangeControl(baseUrl);
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond: 10, limiterOutOfTheWay: false);
        var client = services.GetRequiredService<BitgetV3Client>();
        var credentials = BenchAccount.Credentials;
        var target = CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live);
        var groups = new (string Path, string Counts, Func<Task> Call)[]
        {
            (BitgetEndpoints.V3CancelSymbolOrder, PerUid(BitgetEndpoints.V3CancelSymbolOrder), () => client.CancelSymbolOrderAsync(credentials, target, null, default)),
            (BitgetEndpoints.V3ClosePositions, PerUid(BitgetEndpoints.V3ClosePositions), () => client.ClosePositionsAsync(credentials, target, "BTCUSDT", null, default)),
            (BitgetEndpoints.V3CancelStrategyOrder, PerUid(BitgetEndpoints.V3CancelStrategyOrder), () => client.CancelStrategyOrderAsync(credentials, target, "1", default)),
            (BitgetEndpoints.V3UnfilledOrders, PerUid(BitgetEndpoints.V3UnfilledOrders), () => client.ListUnfilledOrdersAsync(credentials, target, default)),
        };

        // Warm the connection and the JIT, then let the key's windows pass.
        await client.ListUnfilledOrdersAsync(credentials, target, default);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        return await LimiterRow.MeasureGroupsAsync(control, seconds, groups);
    }

    private static string PerUid(string path) => $"{BitgetEndpoints.LimitPerSecond(path)}/s per UID and endpoint";

    public static string LimiterTable(IReadOnlyList<LimiterRow.ExchangeGroup> rows)
    {
        var table = new StringBuilder()
            .AppendLine("| 6A V3 | endpoint (through the handler chain, test exchange in UTA mode) | allowed | calls | achieved | of allowed | 429s | the exchange counts |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var g in rows)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| 6A V3 | `{g.Path}` | {g.Allowed}/s | {g.Calls} | {g.RatePerSecond:0.00}/s | {g.OfAllowed:P1} | {g.TooManyRequests} | {g.ExchangeCounts} |");
        }

        return table.ToString();
    }

    /// <param name="ServerMs">
    /// Per run, the exchange's own time for the timed operation's signed calls (arrival to answer written; its stats
    /// are reset between the contestant's read and its idle time): the rest of <paramref name="RunsMs"/> is the client's
    /// and the machine's.
    /// </param>
    public sealed record Contestant(string Client, IReadOnlyList<double> RunsMs, IReadOnlyList<double> ServerMs, bool AllDone, string? Error);

    /// <param name="Name">kill or flatten.</param>
    /// <param name="AfterIdle">
    /// False: each contestant's timed operation follows its untimed signed read at once. True: the same read, then the
    /// same idle time in every contestant's process before the timed operation (a kill after a quiet spell).
    /// </param>
    public sealed record Operation(string Name, bool AfterIdle, IReadOnlyList<Contestant> Contestants);

    private const string Ours = "this project";

    private static readonly string[] Peers = ["bitget-api", "ccxt"];

    /// <summary>uta: --exchange-dll PATH --runs 9 --peers bench/peers (omit for this project only) [--idle-ms 1100]</summary>
    public static async Task<int> RunAsync(BenchArgs args)
    {
        // The exchange runs in a process of its own, as Bitget would: in the bench's process it would share this
        // project's runtime (thread pool, GC, JIT) and add its own wake-ups to this project's timed calls alone.
        await using var exchange = await ExchangeProcess.StartAsync(args.Required("exchange-dll"), "uta", runawayBot: false);
        var operations = await MeasureAsync(exchange.BaseUrl, args.Int("runs", 9), args.String("peers"), TimeSpan.FromMilliseconds(args.Int("idle-ms", 1100)));
        Console.WriteLine(Table(operations));
        BenchResult.Print(operations);
        return operations.All(o => o.Contestants.All(c => c.AllDone)) ? 0 : 1;
    }

    /// <summary>
    /// Each operation, back to back and after <paramref name="idle"/>: <paramref name="runs"/> rounds, in each round
    /// every contestant once on a freshly seeded account, their order rotating from round to round, so that a busy
    /// spell of the machine falls on all of them alike. <paramref name="exchangeUrl"/>: a test exchange whose UTA
    /// account is <see cref="BenchAccount"/>, seeded and inspected through its /_bench hooks.
    /// </summary>
    public static async Task<IReadOnlyList<Operation>> MeasureAsync(Uri exchangeUrl, int runs, string? peersDir, TimeSpan idle)
    {
        using var control = new ExchangeControl(exchangeUrl);
        await using var services = CoreServices.Build(exchangeUrl, requestsPerSecond: 10, limiterOutOfTheWay: false, configure: s =>
            s.PostConfigure<ExchangeOptions>(o => o.AccountModes[BenchAccount.Name] = AccountModeSettings.Uta));
        var workflow = services.GetRequiredService<CancelAllWorkflow>();
        var client = services.GetRequiredService<BitgetV3Client>();
        string[] clients = [Ours, .. peersDir is null ? [] : Peers];
        var operations = new List<Operation>();
        foreach (var (name, scope, seed) in new (string, CancelScope, Func<Task>)[]
        {
            ("kill", CancelScope.Orders, () => control.AddOrdersAsync(BenchAccount.ApiKey, Usdt, "BTCUSDT", 5)),
            ("flatten", CancelScope.Flatten, () => SeedFlattenAsync(control)),
        })
        {
            async Task<bool> FlatAsync()
            {
                var book = await control.BookAsync(BenchAccount.ApiKey);
                return book.OpenOrders == 0 && (scope == CancelScope.Orders || (book.OpenStrategyOrders == 0 && book.OpenPositions == 0));
            }

            // This project's untimed first run (JIT); each peer's process makes its own untimed read (uta-peer.js).
            await seed();
            await workflow.RunAsync(Command(scope), CancellationToken.None);
            foreach (var afterIdle in new[] { false, true })
            {
                var times = clients.ToDictionary(c => c, _ => new List<double>());
                var serverTimes = clients.ToDictionary(c => c, _ => new List<double>());
                var done = clients.ToDictionary(c => c, _ => true);
                var errors = new Dictionary<string, string?>();
                for (var run = 0; run < runs; run++)
                {
                    for (var turn = 0; turn < clients.Length; turn++)
                    {
                        var contestant = clients[(run + turn) % clients.Length];
                        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the per-endpoint windows pass between runs
                        await seed();
                        var (ms, ok, error) = contestant == Ours
                            ? await RunOursAsync(workflow, client, control, scope, afterIdle ? idle : TimeSpan.Zero)
                            : await RunPeerAsync(peersDir!, contestant, name, exchangeUrl, afterIdle ? idle : TimeSpan.Zero);
                        times[contestant].Add(ms);
                        serverTimes[contestant].Add((await control.StatsAsync()).SignedServerMs);
                        done[contestant] &= ok && await FlatAsync();
                        if (error is not null)
                        {
                            errors.TryAdd(contestant, error); // the first one
                        }
                    }
                }

                operations.Add(new Operation(name, afterIdle, clients.Select(c => new Contestant(c, times[c], serverTimes[c], done[c], errors.GetValueOrDefault(c))).ToList()));
            }

            await Task.Delay(TimeSpan.FromSeconds(1.1));
        }

        return operations;
    }

    // The same untimed signed read each peer makes before its timed operation (uta-peer.js: unfilled-orders), the same
    // reset of the exchange's stats, then the same idle time, so that no contestant's timed call follows a fresh call
    // while another's follows a quiet spell.
    private static async Task<(double Ms, bool Ok, string? Error)> RunOursAsync(CancelAllWorkflow workflow, BitgetV3Client client, ExchangeControl control, CancelScope scope, TimeSpan idle)
    {
        await client.ListUnfilledOrdersAsync(BenchAccount.Credentials, UsdtTarget, CancellationToken.None);
        await control.ResetAsync();
        if (idle > TimeSpan.Zero)
        {
            await Task.Delay(idle);
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = await workflow.RunAsync(Command(scope), CancellationToken.None);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var ok = outcome.Status == OutcomeStatus.Succeeded;
        return (ms, ok, ok ? null : $"{outcome.Status}: {outcome.Targets.FirstOrDefault()?.Error?.Message}");
    }

    public static string Table(IReadOnlyList<Operation> operations)
    {
        var table = new StringBuilder()
            .AppendLine("| UTA | warm; median [fastest–slowest] of the runs, contestants interleaved run by run, each run on a freshly seeded account, flat after it | this project | bitget-api (RestClientV3) | ccxt (uta) |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var operation in operations)
        {
            var what = operation.Name == "kill"
                ? "single kill: cancel-symbol-order, 5 open orders"
                : "flatten: 3 orders, a trigger and 2 TP/SL strategy orders, 2 positions";
            var when = operation.AfterIdle ? "after an idle second" : "right after a read";
            var ours = BenchResult.Median(operation.Contestants[0].RunsMs);
            string Cell(string client) => operation.Contestants.FirstOrDefault(c => c.Client == client) is not { } c
                ? "–"
                : !c.AllDone ? $"not flat ({c.Error})"
                : $"{BenchResult.Median(c.RunsMs):0.0} ms [{c.RunsMs.Min():0.0}–{c.RunsMs.Max():0.0}]" + (client == Ours ? string.Empty : $" ({BenchResult.Median(c.RunsMs) / ours:0.00}×)");
            table.AppendLine(CultureInfo.InvariantCulture, $"| UTA | {what}, {when} ({operation.Contestants[0].RunsMs.Count} runs) | {Cell(Ours)} | {Cell("bitget-api")} | {Cell("ccxt")} |");
        }

        table.AppendLine()
            .AppendLine("| UTA | the exchange's own time in the timed calls (arrival to answer written), median; the rest is the client's and the machine's | this project | bitget-api | ccxt |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var operation in operations)
        {
            string Share(string client) => operation.Contestants.FirstOrDefault(c => c.Client == client) is not { } c
                ? "–"
                : $"{BenchResult.Median(c.ServerMs):0.00} ms of {BenchResult.Median(c.RunsMs):0.0} ms";
            table.AppendLine(CultureInfo.InvariantCulture, $"| UTA | {operation.Name}, {(operation.AfterIdle ? "after an idle second" : "right after a read")} | {Share(Ours)} | {Share("bitget-api")} | {Share("ccxt")} |");
        }

        return table.ToString();
    }

    private const string Usdt = "USDT-FUTURES";

    private static CancelTarget UsdtTarget => CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live);

    private static CancelCommand Command(CancelScope scope) =>
        new(BenchAccount.Name, [UsdtTarget], CommandSource.Cli, CancelCommand.NewCorrelationId(), Scope: scope, Verify: false);

    private static async Task SeedFlattenAsync(ExchangeControl control)
    {
        var key = BenchAccount.ApiKey;
        await control.AddOrdersAsync(key, Usdt, "BTCUSDT", 3);
        await control.AddStrategyOrderAsync(key, Usdt, "BTCUSDT", V3StrategyTypes.Trigger);
        await control.AddStrategyOrderAsync(key, Usdt, "BTCUSDT", V3StrategyTypes.TpSl);
        await control.AddStrategyOrderAsync(key, Usdt, "ETHUSDT", V3StrategyTypes.TpSl, "short");
        await control.AddUtaPositionAsync(key, Usdt, "BTCUSDT", "long");
        await control.AddUtaPositionAsync(key, Usdt, "ETHUSDT", "short");
    }

    private sealed record PeerAnswer(string Client, string Op, double Ms, int Calls, bool Ok, IReadOnlyList<string> Errors);

    private static async Task<(double Ms, bool Ok, string? Error)> RunPeerAsync(string peersDir, string peer, string op, Uri baseUrl, TimeSpan idle)
    {
        var info = new ProcessStartInfo("node", $"uta-peer.js --peer {peer} --op {op} --base-url {baseUrl.GetLeftPart(UriPartial.Authority)} --idle-ms {(int)idle.TotalMilliseconds}")
        {
            WorkingDirectory = peersDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in BenchAccount.Environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var answer = BenchResult.ReadPlain<PeerAnswer>(await stdout)
            ?? new PeerAnswer(peer, op, double.NaN, 0, false, [$"no result: {(await stderr).Trim()}"]);
        return (answer.Ms, answer.Ok, answer.Errors.FirstOrDefault());
    }
}
