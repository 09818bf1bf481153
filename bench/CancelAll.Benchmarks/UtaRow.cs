using System.Globalization;
using System.Text;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 6 for V3: the limiter's sustained rate through the real handler chain against the test exchange in UTA mode,
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
        var groups = new (string Path, Func<Task> Call)[]
        {
            (BitgetEndpoints.V3CancelSymbolOrder, () => client.CancelSymbolOrderAsync(credentials, target, null, default)),
            (BitgetEndpoints.V3ClosePositions, () => client.ClosePositionsAsync(credentials, target, "BTCUSDT", null, default)),
            (BitgetEndpoints.V3CancelStrategyOrder, () => client.CancelStrategyOrderAsync(credentials, target, "1", default)),
            (BitgetEndpoints.V3UnfilledOrders, () => client.ListUnfilledOrdersAsync(credentials, target, default)),
        };

        // Warm the connection and the JIT, then let the key's windows pass.
        await client.ListUnfilledOrdersAsync(credentials, target, default);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var measured = new List<LimiterRow.ExchangeGroup>();
        foreach (var (path, call) in groups)
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
                    // An answer that is an error (no such strategy order) still arrived and was counted.
                }
            }));
            var stats = await control.StatsAsync();
            var arrived = stats.Count(path);
            var rate = (arrived - 1) / ((stats.LastSignedMs - stats.FirstSignedMs) / 1000.0);
            measured.Add(new LimiterRow.ExchangeGroup(path, allowed, arrived, rate, rate / allowed, stats.Count(path, 429), $"{allowed}/s per UID and endpoint"));
            await Task.Delay(TimeSpan.FromSeconds(1.1));
        }

        return measured;
    }

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
}
