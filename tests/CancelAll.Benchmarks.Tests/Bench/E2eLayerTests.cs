using CancelAll.Benchmarks;
using CancelAll.TestExchange;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// Row 2's diagnostic layers against an in-process test exchange (which verifies every signature): each layer's calls
/// are answered 00000 and cancel real orders, and the per-call figures are measured. Times are the benchmark's to
/// report, not asserted here.
/// </summary>
public sealed class E2eLayerTests
{
    [Theory]
    [InlineData("workflow")]
    [InlineData("client")]
    [InlineData("floor")]
    public async Task Each_layer_makes_signed_cancel_alls_that_the_exchange_accepts(string layer)
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase, false, TestExchange.AccountMode.Classic));
        exchange.AddOrders(BenchAccount.ApiKey, "USDT-FUTURES", "USDT", 5, "BTCUSDT");
        exchange.Book(BenchAccount.ApiKey).RefillAfterCancel = 5;

        var result = await E2e.RunLayerAsync(layer, exchange.BaseUri, n: 3, warm: 1, requestsPerSecond: 100, limiterOutOfTheWay: true);

        Assert.Equal(3, result.Ok);
        Assert.Equal(layer == "floor" ? 0 : 15, result.Cancelled); // the floor reads only the answer's code
        Assert.Empty(result.Errors);
        Assert.True(result.MedianCallMs > 0 && result.WallMs >= result.MedianCallMs, $"{result.MedianCallMs} ms median, {result.WallMs} ms wall");
        Assert.True(result.WorkItemsPerCall >= 1, $"{result.WorkItemsPerCall} work items per call: each answer arrives on the socket engine and reaches the pool");
    }

    [Fact]
    public async Task An_unknown_layer_is_refused_with_the_choices()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => E2e.RunLayerAsync("sockets", new Uri("http://127.0.0.1:1"), 1, 0));

        Assert.Contains("--layer must be workflow, client or floor, got 'sockets'", error.Message, StringComparison.Ordinal);
    }
}
