using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 6: the rate limiter's sustained rate per endpoint group.
/// A: N signed calls per group, all queued at once, through the real handler chain against the test exchange with its
/// limits on (10/s per key for every V2 call, 1/s for close-positions): the exchange's own clock gives the rate
/// (first to last arrival) and its own counter the 429s.
/// B: the limiter alone, in-process, for every limit in the endpoint table (V3 too), against System.Threading.RateLimiting's
/// partitioned token bucket (burst 1), a plain auto-replenishing token bucket (burst 1) and the sliding window the project
/// used before: achieved rate, and the most permits any sliding second held.
/// </summary>
public static class LimiterRow
{
    public sealed record ExchangeGroup(string Path, int Allowed, int Calls, double RatePerSecond, double OfAllowed, int TooManyRequests, string ExchangeCounts);

    public sealed record InProcess(string Limiter, int Allowed, int Permits, double RatePerSecond, double OfAllowed, int MostInAnySecond);

    public sealed record Result(double Seconds, IReadOnlyList<ExchangeGroup> Exchange, IReadOnlyList<InProcess> InProcess);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var seconds = args.Int("seconds", 3);
        await using var exchange = await ExchangeProcess.StartAsync(args.Required("exchange-dll"));
        var result = await RunAsync(exchange.BaseUrl, seconds);
        Console.WriteLine(Table(result));
        BenchResult.Print(result);
        return result.Exchange.All(g => g.TooManyRequests == 0) ? 0 : 1;
    }

    /// <summary>
    /// Row 6A's measure, V2 and V3 alike: per endpoint, limit × seconds + 1 signed calls queued at once; the exchange's
    /// own clock gives the rate (first to last arrival) and its own counter the 429s. One endpoint at a time, with the
    /// key's windows let pass in between.
    /// </summary>
    public static async Task<List<ExchangeGroup>> MeasureGroupsAsync(ExchangeControl control, int seconds, IEnumerable<(string Path, string Counts, Func<Task> Call)> groups)
    {
        var measured = new List<ExchangeGroup>();
        foreach (var (path, counts, call) in groups)
        {
            var allowed = BitgetEndpoints.LimitPerSecond(path)!.Value;
            var calls = (allowed * seconds) + 1;
            await control.ResetAsync();
            await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ =>
            {
                try
                {
                    await call();
                }
                catch (ExchangeException)
                {
                    // An answer that is an error (e.g. no such strategy order) still arrived and was counted; the count is what is measured.
                }
            }));
            var stats = await control.StatsAsync();
            var arrived = stats.Count(path);
            var rate = (arrived - 1) / ((stats.LastSignedMs - stats.FirstSignedMs) / 1000.0);
            measured.Add(new ExchangeGroup(path, allowed, arrived, rate, rate / allowed, stats.Count(path, 429), counts));
            await Task.Delay(TimeSpan.FromSeconds(1.1));
        }

        return measured;
    }

    public static async Task<Result> RunAsync(Uri baseUrl, int seconds)
    {
        using var control = new ExchangeControl(baseUrl);
        await control.SetRateLimitAsync(10);
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond: 10, limiterOutOfTheWay: false);
        var client = services.GetRequiredService<BitgetClient>();
        var credentials = BenchAccount.Credentials;
        var target = CancelTarget.Create(ProductType.UsdtFutures, "USDT", TradingEnvironment.Live);
        var groups = new (string Path, string Counts, Func<Task> Call)[]
        {
            (BitgetEndpoints.V2CancelAllOrders, "10/s per key (all V2)", () => client.CancelAllOrdersAsync(credentials, target, default)),
            (BitgetEndpoints.V2PendingOrders, "10/s per key (all V2)", () => client.ListPendingOrdersAsync(credentials, target, default)),
            (BitgetEndpoints.V2AllPositions, "10/s per key (all V2)", () => client.ListPositionsAsync(credentials, target, default)),
            (BitgetEndpoints.V2ClosePositions, "1/s per key, and 10/s (all V2)", () => client.ClosePositionsAsync(credentials, target, null, null, default)),
        };

        // Warm the connection and the JIT, then let the key's windows pass.
        await client.ListPendingOrdersAsync(credentials, target, default);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var measured = await MeasureGroupsAsync(control, seconds, groups);

        var inProcess = new List<InProcess>();
        var paths = new[] { BitgetEndpoints.V3UnfilledOrders, BitgetEndpoints.V3CancelStrategyOrder, BitgetEndpoints.V3CancelSymbolOrder, BitgetEndpoints.V3CountdownCancelAll };
        var ours = new ApiKeyRateLimiter(Options.Create(new ExchangeOptions { TotalTimeout = TimeSpan.FromMinutes(5) }), TimeProvider.System);
        inProcess.AddRange(await MeasureAsync("this project (burst of the limit, then paced; ArrivalAllowance 10 ms)", paths, seconds, async path =>
            (await ours.AcquireAsync("k", path, default)).Dispose()));

        using var partitionedBucket = PartitionedRateLimiter.Create<string, string>(path => RateLimitPartition.GetTokenBucketLimiter(path, p => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1) / BitgetEndpoints.LimitPerSecond(p)!.Value,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
        inProcess.AddRange(await MeasureAsync("PartitionedRateLimiter + token bucket, burst 1", paths, seconds, async path =>
            (await partitionedBucket.AcquireAsync(path, 1)).Dispose()));

        var buckets = paths.ToDictionary(p => p, p => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1) / BitgetEndpoints.LimitPerSecond(p)!.Value,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        inProcess.AddRange(await MeasureAsync("TokenBucketRateLimiter (own timer), burst 1", paths, seconds, async path =>
            (await buckets[path].AcquireAsync(1)).Dispose()));

        // What the project used before: a sliding window 1.25 s long in 50 ms segments.
        var windows = paths.ToDictionary(p => p, p => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = BitgetEndpoints.LimitPerSecond(p)!.Value,
            Window = TimeSpan.FromMilliseconds(1250),
            SegmentsPerWindow = 25,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        inProcess.AddRange(await MeasureAsync("SlidingWindowRateLimiter 1.25 s (before)", paths, seconds, async path =>
            (await windows[path].AcquireAsync(1)).Dispose()));
        foreach (var limiter in buckets.Values.Concat<RateLimiter>(windows.Values))
        {
            limiter.Dispose();
        }

        return new Result(seconds, measured, inProcess);
    }

    public static string Table(Result result)
    {
        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| 6A | endpoint (through the handler chain, test exchange) | allowed | calls | achieved | of allowed | 429s | the exchange counts |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var g in result.Exchange)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| 6A | `{g.Path}` | {g.Allowed}/s | {g.Calls} | {g.RatePerSecond:0.00}/s | {g.OfAllowed:P1} | {g.TooManyRequests} | {g.ExchangeCounts} |");
        }

        table.AppendLine()
            .AppendLine("| 6B | limiter (in-process, permits queued at once) | allowed | permits | achieved | of allowed | most in any sliding second |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var p in result.InProcess)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| 6B | {p.Limiter} | {p.Allowed}/s | {p.Permits} | {p.RatePerSecond:0.00}/s | {p.OfAllowed:P1} | {p.MostInAnySecond} |");
        }

        return table.ToString();
    }

    private static async Task<IReadOnlyList<InProcess>> MeasureAsync(string name, string[] paths, int seconds, Func<string, Task> acquire)
    {
        // Every limit at once (one key per path), each with limit × seconds + 1 permits queued at the start.
        return await Task.WhenAll(paths.Select(async path =>
        {
            var allowed = BitgetEndpoints.LimitPerSecond(path)!.Value;
            var permits = (allowed * seconds) + 1;
            var granted = new long[permits];
            await Task.WhenAll(Enumerable.Range(0, permits).Select(async i =>
            {
                await acquire(path);
                granted[i] = Stopwatch.GetTimestamp();
            }));
            Array.Sort(granted);
            var span = Stopwatch.GetElapsedTime(granted[0], granted[^1]).TotalSeconds;
            var most = 0;
            for (int first = 0, last = 0; first < granted.Length; first++)
            {
                while (last < granted.Length && Stopwatch.GetElapsedTime(granted[first], granted[last]) < TimeSpan.FromSeconds(1))
                {
                    last++;
                }

                most = Math.Max(most, last - first);
            }

            var rate = (permits - 1) / span;
            return new InProcess(name, allowed, permits, rate, rate / allowed, most);
        }));
    }
}
