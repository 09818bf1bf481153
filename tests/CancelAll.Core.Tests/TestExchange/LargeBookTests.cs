namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>
/// Books of 10k orders: every order is cancelled once and paged once. Correctness only; the linear cost is a benchmark's
/// claim (cancel by id is a dictionary and a linked-list unlink), not a timed test.
/// </summary>
public class LargeBookTests
{
    private const int Many = 10_000;

    [Fact]
    public async Task V2_cancel_all_cancels_ten_thousand_orders_each_once()
    {
        await using var fixture = await ExchangeFixture.StartAsync(CancelAll.TestExchange.AccountMode.Classic);
        var placed = fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", Many);
        var other = fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDC-FUTURES", "USDC", 3);

        var answer = await fixture.Client.PostAsync("/api/v2/mix/order/cancel-all-orders", """{"productType":"USDT-FUTURES","marginCoin":"USDT"}""");

        var cancelled = answer.Data!["successList"]!.AsArray().Select(i => i!["orderId"]!.GetValue<string>()).ToList();
        Assert.Equal(placed.Select(o => o.OrderId), cancelled);
        Assert.Equal(other, fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task V3_pages_and_cancels_ten_thousand_orders_each_once()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var placed = fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", Many);
        fixture.Exchange.UnifiedLimitsPerSecond["/api/v3/trade/unfilled-orders"] = 0;

        var (pages, _) = await UnifiedOrderTests.ReadAllPages(fixture.Client, "category=USDT-FUTURES");
        var cancel = await fixture.Client.PostAsync("/api/v3/trade/cancel-symbol-order", """{"category":"USDT-FUTURES"}""");

        var paged = pages.SelectMany(p => p).Select(i => i["orderId"]!.GetValue<string>()).ToList();
        Assert.Equal(Many / 100, pages.Count);
        Assert.Equal(placed.Select(o => o.OrderId).Reverse(), paged);
        Assert.Equal(placed.Select(o => o.OrderId), cancel.List.Select(i => i["orderId"]!.GetValue<string>()));
        Assert.Empty(fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task A_cursor_whose_order_was_cancelled_still_pages_on_from_it()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var btc = fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 150, "BTCUSDT");
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 150, "ETHUSDT");

        var first = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders", "limit=100");
        var cursor = first.Data!["cursor"]!.GetValue<string>();
        await fixture.Client.PostAsync("/api/v3/trade/cancel-symbol-order", """{"category":"USDT-FUTURES","symbol":"ETHUSDT"}""");
        var second = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders", "limit=100&cursor=" + cursor);

        Assert.All(first.List, i => Assert.Equal("ETHUSDT", i["symbol"]!.GetValue<string>()));
        Assert.Equal(btc.Select(o => o.OrderId).Reverse().Take(100), second.List.Select(i => i["orderId"]!.GetValue<string>()));
    }
}
