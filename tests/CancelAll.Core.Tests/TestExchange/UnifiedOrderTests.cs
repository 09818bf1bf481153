using System.Text.Json.Nodes;
using CancelAll.TestExchange;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>V3 orders and strategy orders on a unified account, over raw signed HTTP.</summary>
public class UnifiedOrderTests
{
    private const string CancelSymbol = "/api/v3/trade/cancel-symbol-order";
    private const string Unfilled = "/api/v3/trade/unfilled-orders";
    private const string UnfilledStrategy = "/api/v3/trade/unfilled-strategy-orders";
    private const string CancelStrategy = "/api/v3/trade/cancel-strategy-order";

    [Fact]
    public async Task Cancel_symbol_order_cancels_the_category_or_one_symbol_of_it()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var exchange = fixture.Exchange;
        var btc = exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 2, "BTCUSDT");
        var eth = exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 1, "ETHUSDT");
        var coin = exchange.AddOrders(ExchangeFixture.ApiKey, "COIN-FUTURES", "BTC", 1);

        var oneSymbol = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES","symbol":"BTCUSDT"}""");
        var category = await fixture.Client.PostAsync(CancelSymbol, """{"category":"usdt-futures"}""");

        Assert.Equal(btc.Select(o => o.OrderId).Order(), oneSymbol.List.Select(i => i["orderId"]!.GetValue<string>()).Order());
        Assert.Equal(btc[0].ClientOid, oneSymbol.List.Single(i => i["orderId"]!.GetValue<string>() == btc[0].OrderId)["clientOid"]!.GetValue<string>());
        Assert.All(oneSymbol.List, i => Assert.Null(i["code"]));
        Assert.Equal(eth[0].OrderId, Assert.Single(category.List)["orderId"]!.GetValue<string>());
        Assert.Equal(coin, fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task An_order_that_fails_to_cancel_carries_code_and_msg_and_stays_open()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var orders = fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDC-FUTURES", "USDC", 2);
        fixture.Exchange.Faults.FailingOrders[orders[1].OrderId] = "injected: order is being matched";

        var answer = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDC-FUTURES"}""");

        Assert.Equal("00000", answer.Code);
        var failed = answer.List.Single(i => i["code"] is not null);
        Assert.Equal((orders[1].OrderId, TestExchange.TestExchange.InjectedFailureCode, "injected: order is being matched"), (failed["orderId"]!.GetValue<string>(), failed["code"]!.GetValue<string>(), failed["msg"]!.GetValue<string>()));
        Assert.Equal([orders[1]], fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task A_runaway_bot_refills_after_a_V3_cancel()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 3);
        fixture.Book.RefillAfterCancel = 2;
        fixture.Book.RefillRounds = 1;

        var first = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES"}""");
        var refilled = fixture.Book.OpenOrders;
        var second = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES"}""");

        Assert.Equal(3, first.List.Count);
        Assert.Equal(2, refilled.Count);
        Assert.Equal(2, second.List.Count);
        Assert.Empty(fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task Unfilled_orders_pages_by_cursor_until_it_is_exhausted()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var placed = fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 250);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDC-FUTURES", "USDC", 5);

        var (pages, lastCursor) = await ReadAllPages(fixture.Client, "category=USDT-FUTURES&limit=100");

        Assert.Equal([100, 100, 50], pages.Select(p => p.Count));
        var seen = pages.SelectMany(p => p).Select(i => i["orderId"]!.GetValue<string>()).ToList();
        Assert.Equal(placed.Select(o => o.OrderId).Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(string.Empty, lastCursor);
        var item = pages[0][0];
        Assert.Equal(("USDT-FUTURES", "live", "one_way_mode"), (item["category"]!.GetValue<string>(), item["orderStatus"]!.GetValue<string>(), item["holdMode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Unfilled_orders_without_a_category_lists_every_category_and_defaults_to_100()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 60);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "COIN-FUTURES", "ETH", 60);

        var first = await fixture.Client.GetAsync(Unfilled);
        var tooMany = await fixture.Client.GetAsync(Unfilled, "limit=101");

        Assert.Equal(100, first.List.Count);
        Assert.Equal(2, first.List.Select(i => i["category"]!.GetValue<string>()).Distinct().Count());
        Assert.False(string.IsNullOrEmpty(first.Data!["cursor"]!.GetValue<string>()));
        Assert.Equal((400, "400172"), (tooMany.Status, tooMany.Code));
    }

    [Fact]
    public async Task Strategy_orders_of_an_unknown_type_are_listed_only_without_a_type_filter()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var exchange = fixture.Exchange;
        var tpsl = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");
        var trigger = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "usdt-futures", "ETHUSDT", "trigger", "short");
        var trailing = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "trailing");
        exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "COIN-FUTURES", "BTCUSD", "tpsl");

        var all = await fixture.Client.GetAsync(UnfilledStrategy, "category=USDT-FUTURES");
        var onlyTpsl = await fixture.Client.GetAsync(UnfilledStrategy, "category=USDT-FUTURES&type=tpsl");
        var onlyTrigger = await fixture.Client.GetAsync(UnfilledStrategy, "category=USDT-FUTURES&type=trigger");
        var unknownFilter = await fixture.Client.GetAsync(UnfilledStrategy, "category=USDT-FUTURES&type=trailing");
        var noCategory = await fixture.Client.GetAsync(UnfilledStrategy);

        Assert.Equal(new[] { tpsl.OrderId, trigger.OrderId, trailing.OrderId }.Order(), Ids(all.Array).Order());
        Assert.Equal([tpsl.OrderId], Ids(onlyTpsl.Array));
        Assert.Equal([trigger.OrderId], Ids(onlyTrigger.Array));
        Assert.Equal("110", onlyTpsl.Array[0]["takeProfit"]!.GetValue<string>());
        Assert.Equal("105", onlyTrigger.Array[0]["triggerPrice"]!.GetValue<string>());
        Assert.Equal(("short", "pending"), (onlyTrigger.Array[0]["posSide"]!.GetValue<string>(), onlyTrigger.Array[0]["status"]!.GetValue<string>()));
        Assert.Equal((400, "400172"), (unknownFilter.Status, unknownFilter.Code));
        Assert.Equal((400, "400172"), (noCategory.Status, noCategory.Code));
    }

    [Fact]
    public async Task Cancel_strategy_order_cancels_one_by_order_id_or_client_oid()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var exchange = fixture.Exchange;
        var first = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");
        var second = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "trailing");
        var third = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "trigger");

        var byId = await fixture.Client.PostAsync(CancelStrategy, $$"""{"orderId":"{{first.OrderId}}"}""");
        var byClientOid = await fixture.Client.PostAsync(CancelStrategy, $$"""{"clientOid":"{{second.ClientOid}}"}""");
        var idWins = await fixture.Client.PostAsync(CancelStrategy, $$"""{"orderId":"{{first.OrderId}}","clientOid":"{{third.ClientOid}}"}""");
        var neither = await fixture.Client.PostAsync(CancelStrategy, "{}");

        Assert.Equal((200, "00000"), (byId.Status, byId.Code));
        Assert.Null(byId.Data);
        Assert.Equal("00000", byClientOid.Code);
        Assert.Equal((400, "25204"), (idWins.Status, idWins.Code));
        Assert.Equal((400, "400172"), (neither.Status, neither.Code));
        Assert.Equal([third], fixture.Book.OpenStrategyOrders);
    }

    [Fact]
    public async Task A_strategy_order_that_fails_to_cancel_stays_open()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var order = fixture.Exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");
        fixture.Exchange.Faults.FailingOrders[order.OrderId] = "injected: busy";

        var answer = await fixture.Client.PostAsync(CancelStrategy, $$"""{"orderId":"{{order.OrderId}}"}""");

        Assert.Equal((400, TestExchange.TestExchange.InjectedFailureCode), (answer.Status, answer.Code));
        Assert.Single(fixture.Book.OpenStrategyOrders);
    }

    [Fact]
    public async Task Strategy_orders_need_a_futures_category_and_a_side()
    {
        await using var fixture = await ExchangeFixture.StartAsync();

        Assert.Throws<ArgumentException>(() => fixture.Exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "SPOT", "BTCUSDT", "tpsl"));
        Assert.Throws<ArgumentException>(() => fixture.Exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl", posSide: "both"));
        Assert.Empty(fixture.Book.OpenStrategyOrders);
    }

    internal static async Task<(List<IReadOnlyList<JsonNode>> Pages, string? LastCursor)> ReadAllPages(SignedExchangeClient client, string query)
    {
        var pages = new List<IReadOnlyList<JsonNode>>();
        string? cursor = null;
        for (var i = 0; i < 100; i++)
        {
            var answer = await client.GetAsync(Unfilled, query + (cursor is null ? string.Empty : "&cursor=" + cursor));
            Assert.Equal("00000", answer.Code);
            pages.Add(answer.List);
            cursor = answer.Data!["cursor"]?.GetValue<string>();
            if (string.IsNullOrEmpty(cursor))
            {
                return (pages, cursor);
            }
        }

        throw new InvalidOperationException("The cursor never ran out.");
    }

    private static IEnumerable<string> Ids(IReadOnlyList<JsonNode> items) => items.Select(i => i["orderId"]!.GetValue<string>());
}
