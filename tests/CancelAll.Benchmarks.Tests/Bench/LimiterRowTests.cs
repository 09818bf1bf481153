using CancelAll.Benchmarks;
using CancelAll.Core.Exchange;
using CancelAll.TestExchange;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// Row 6 with one second per group, against an in-process test exchange with its limits on: the limiter's figures
/// come out, and the exchange's own counter refused nothing (never over the limit). Rates are not asserted here:
/// they are the benchmark's to report.
/// </summary>
public sealed class LimiterRowTests
{
    [Fact]
    public async Task The_limiter_row_runs_and_the_exchange_refuses_none_of_its_calls()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase, false));

        var result = await LimiterRow.RunAsync(exchange.BaseUri, seconds: 1);

        Assert.Equal(4, result.Exchange.Count);
        Assert.All(result.Exchange, g => Assert.Equal(0, g.TooManyRequests));
        Assert.All(result.Exchange, g => Assert.Equal(g.Allowed + 1, g.Calls));
        var ours = result.InProcess.Where(p => p.Limiter.StartsWith("this project", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, ours.Count);
        Assert.All(ours, p => Assert.True(p.MostInAnySecond <= p.Allowed, $"{p.MostInAnySecond} permits in one second at {p.Allowed}/s"));
        Assert.Contains("| 6A |", LimiterRow.Table(result), StringComparison.Ordinal);
        Assert.Contains(BitgetEndpoints.V2ClosePositions, LimiterRow.Table(result), StringComparison.Ordinal);
    }
}
