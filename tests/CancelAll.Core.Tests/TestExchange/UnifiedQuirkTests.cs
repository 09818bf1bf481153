using System.Text.Json.Nodes;
using CancelAll.TestExchange;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>Each fact the note lists as unknown answers in both variants, as the quirks say.</summary>
public class UnifiedQuirkTests
{
    private const string CancelSymbol = "/api/v3/trade/cancel-symbol-order";

    [Fact]
    public async Task Nothing_to_cancel_is_an_empty_success_by_default_or_22001()
    {
        await using var fixture = await ExchangeFixture.StartAsync();

        var byDefault = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES"}""");
        fixture.Exchange.Quirks.NothingToCancel = NothingToCancelAnswer.Code22001;
        var asCode = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES"}""");

        Assert.Equal((200, "00000"), (byDefault.Status, byDefault.Code));
        Assert.IsType<JsonArray>(byDefault.Data!["list"]);
        Assert.Empty(byDefault.List);
        Assert.Equal((400, "22001"), (asCode.Status, asCode.Code));
    }

    [Fact]
    public async Task Cancel_strategy_order_answers_null_by_default_or_the_ids()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var first = fixture.Exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");
        var second = fixture.Exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");

        var asNull = await fixture.Client.PostAsync("/api/v3/trade/cancel-strategy-order", $$"""{"orderId":"{{first.OrderId}}"}""");
        fixture.Exchange.Quirks.StrategyCancelData = StrategyCancelAnswer.Ids;
        var asIds = await fixture.Client.PostAsync("/api/v3/trade/cancel-strategy-order", $$"""{"orderId":"{{second.OrderId}}"}""");

        Assert.True(asNull.Body.ContainsKey("data"));
        Assert.Null(asNull.Data);
        Assert.Equal((second.OrderId, second.ClientOid), (asIds.Data!["orderId"]!.GetValue<string>(), asIds.Data["clientOid"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(EmptyListShape.Array)]
    [InlineData(EmptyListShape.Null)]
    public async Task Empty_lists_come_as_the_quirk_says(EmptyListShape shape)
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.Quirks.EmptyList = shape;

        var orders = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders");
        var strategies = await fixture.Client.GetAsync("/api/v3/trade/unfilled-strategy-orders", "category=USDT-FUTURES");
        var positions = await fixture.Client.GetAsync("/api/v3/position/current-position", "category=USDT-FUTURES");
        var cancelled = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES"}""");

        JsonNode?[] empties = [orders.Data!["list"], strategies.Data, positions.Data!["list"], cancelled.Data!["list"]];
        Assert.All(empties, node =>
        {
            if (shape == EmptyListShape.Null)
            {
                Assert.Null(node);
            }
            else
            {
                Assert.Empty(Assert.IsType<JsonArray>(node));
            }
        });
        Assert.True(orders.Data.AsObject().ContainsKey("list"));
    }

    [Theory]
    [InlineData(ExhaustedCursorShape.Empty)]
    [InlineData(ExhaustedCursorShape.Absent)]
    public async Task The_exhausted_cursor_is_empty_or_absent(ExhaustedCursorShape shape)
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.Quirks.ExhaustedCursor = shape;
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 15);

        var (pages, lastCursor) = await UnifiedOrderTests.ReadAllPages(fixture.Client, "limit=10");
        var last = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders", "limit=10&cursor=1");

        Assert.Equal([10, 5], pages.Select(p => p.Count));
        Assert.Equal(shape == ExhaustedCursorShape.Empty ? string.Empty : null, lastCursor);
        Assert.Equal(shape == ExhaustedCursorShape.Empty, last.Data!.AsObject().ContainsKey("cursor"));
    }

    [Fact]
    public async Task Cancel_symbol_order_leaves_strategy_orders_by_default_or_cancels_them_too()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        var exchange = fixture.Exchange;
        exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 1, "BTCUSDT");
        var btc = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");
        var eth = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "ETHUSDT", "trigger");

        var byDefault = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES","symbol":"BTCUSDT"}""");
        var strategiesAfterDefault = fixture.Book.OpenStrategyOrders;
        exchange.Quirks.CancelSymbolOrderCancelsStrategyOrders = true;
        var withStrategies = await fixture.Client.PostAsync(CancelSymbol, """{"category":"USDT-FUTURES","symbol":"BTCUSDT"}""");

        Assert.Single(byDefault.List);
        Assert.Equal([btc, eth], strategiesAfterDefault);
        Assert.Equal(btc.OrderId, Assert.Single(withStrategies.List)["orderId"]!.GetValue<string>());
        Assert.Equal([eth], fixture.Book.OpenStrategyOrders);
    }

    [Fact]
    public async Task A_lapsed_countdown_cancels_strategy_orders_only_when_the_quirk_says_so()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await ExchangeFixture.StartAsync(options: new TestExchangeOptions { TimeProvider = time, Quirks = new ExchangeQuirks { CountdownCancelsStrategyOrders = true } });
        fixture.Exchange.GrantCountdownAccess(ExchangeFixture.ApiKey);
        fixture.Exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");

        await fixture.Client.PostAsync("/api/v3/trade/countdown-cancel-all", """{"countdown":"5"}""");
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(fixture.Book.OpenStrategyOrders);
        Assert.Equal(1, fixture.Book.CountdownLapses);
    }
}
