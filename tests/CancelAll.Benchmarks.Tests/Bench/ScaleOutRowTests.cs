using CancelAll.Benchmarks;
using CancelAll.TestExchange;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// The scale-out row with tiny numbers: two app instances (processes of the bench tool) against an in-process test
/// exchange. Every webhook gets its kill, and each instance calls the exchange itself (instances share no limiter and
/// no coalescer, which is what the row measures). Times are the benchmark's to report, not asserted here.
/// </summary>
public sealed class ScaleOutRowTests
{
    [Fact]
    public async Task Two_instances_each_call_the_exchange_and_every_webhook_gets_its_kill()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase));

        var round = await ScaleOutRow.RunRoundAsync(exchange.BaseUri, count: 2, n: 20);

        Assert.Equal((2, 20, 20), (round.Instances, round.Webhooks, round.Killed));
        Assert.Equal(new Dictionary<string, int> { ["200"] = 20 }, round.Answers);
        Assert.InRange(round.ExchangeCalls, 2, 20);
        Assert.Contains("| scale-out | 2 | 20 | 20 |", ScaleOutRow.Table([round]), StringComparison.Ordinal);
    }
}
