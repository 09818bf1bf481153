using CancelAll.TestExchange;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>V3 positions in hedge and one-way mode, failing closes, and the countdown dead-man switch.</summary>
public class UnifiedPositionTests
{
    private const string Positions = "/api/v3/position/current-position";
    private const string Close = "/api/v3/trade/close-positions";
    private const string Countdown = "/api/v3/trade/countdown-cancel-all";

    [Fact]
    public async Task Hedge_mode_closes_one_side_by_posSide_and_both_without_it()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Book.HedgeMode = true;
        var exchange = fixture.Exchange;
        exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "long");
        exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "short");
        exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "ETHUSDT", "short");
        var coin = exchange.AddUtaPosition(ExchangeFixture.ApiKey, "coin-futures", "BTCUSD", "long");

        var listed = await fixture.Client.GetAsync(Positions, "category=USDT-FUTURES");
        var shorts = await fixture.Client.GetAsync(Positions, "category=USDT-FUTURES&posSide=short");
        var closeLong = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES","symbol":"BTCUSDT","posSide":"long"}""");
        var afterLong = fixture.Book.OpenPositions;
        var closeRest = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES"}""");
        var nothingLeft = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES"}""");

        Assert.Equal(3, listed.List.Count);
        Assert.All(listed.List, p => Assert.Equal(("hedge_mode", "USDT"), (p["holdMode"]!.GetValue<string>(), p["marginCoin"]!.GetValue<string>())));
        Assert.Equal(2, shorts.List.Count);
        Assert.Equal("0.5", listed.List[0]["total"]!.GetValue<string>());
        Assert.Single(closeLong.List);
        Assert.DoesNotContain(afterLong, p => p is { Symbol: "BTCUSDT", HoldSide: "long" });
        Assert.Equal(2, closeRest.List.Count);
        Assert.Equal((400, "25227"), (nothingLeft.Status, nothingLeft.Code));
        Assert.Equal([coin], fixture.Book.OpenPositions);
        Assert.Equal("BTC", coin.MarginCoin);
    }

    [Fact]
    public async Task One_way_mode_filters_by_posSide_unless_the_quirk_ignores_it()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "long");
        Assert.Throws<InvalidOperationException>(() => fixture.Exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "short"));

        var listed = await fixture.Client.GetAsync(Positions, "category=USDT-FUTURES");
        var wrongSide = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES","posSide":"short"}""");
        fixture.Exchange.Quirks.OneWayCloseIgnoresPosSide = true;
        var ignored = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES","posSide":"short"}""");

        Assert.Equal("one_way_mode", Assert.Single(listed.List)["holdMode"]!.GetValue<string>());
        Assert.Equal("25227", wrongSide.Code);
        Assert.Equal(("00000", 1), (ignored.Code, ignored.List.Count));
        Assert.Empty(fixture.Book.OpenPositions);
    }

    [Fact]
    public async Task A_failing_close_answers_code_and_msg_and_the_position_stays()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Book.HedgeMode = true;
        fixture.Exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "long");
        fixture.Exchange.AddUtaPosition(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "short");
        fixture.Exchange.Faults.FailingPositions["BTCUSDT:short"] = 1;

        var first = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES"}""");
        var stillOpen = fixture.Book.OpenPositions;
        var second = await fixture.Client.PostAsync(Close, """{"category":"USDT-FUTURES"}""");

        Assert.Equal(2, first.List.Count);
        var failed = Assert.Single(first.List, i => i["code"] is not null);
        Assert.Equal(TestExchange.TestExchange.InjectedFailureCode, failed["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(failed["msg"]!.GetValue<string>()));
        Assert.Equal("short", Assert.Single(stillOpen).HoldSide);
        Assert.Null(Assert.Single(second.List)["code"]);
        Assert.Empty(fixture.Book.OpenPositions);
    }

    [Fact]
    public async Task Current_position_needs_a_category_and_a_valid_side()
    {
        await using var fixture = await ExchangeFixture.StartAsync();

        var noCategory = await fixture.Client.GetAsync(Positions);
        var badSide = await fixture.Client.GetAsync(Positions, "category=USDT-FUTURES&posSide=both");
        var empty = await fixture.Client.GetAsync(Positions, "category=USDT-FUTURES");

        Assert.Equal((400, "400172"), (noCategory.Status, noCategory.Code));
        Assert.Equal((400, "400172"), (badSide.Status, badSide.Code));
        Assert.Equal(("00000", 0), (empty.Code, empty.List.Count));
    }

    [Fact]
    public async Task Countdown_without_access_is_refused_with_a_clear_code()
    {
        await using var fixture = await ExchangeFixture.StartAsync();

        var answer = await fixture.Client.PostAsync(Countdown, """{"countdown":"10"}""");

        Assert.Equal((400, TestExchange.TestExchange.CountdownAccessDeniedCode), (answer.Status, answer.Code));
        Assert.Contains("access", answer.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(fixture.Book.CountdownWindow);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("61")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task Countdown_takes_5_to_60_seconds_or_0(string countdown)
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.GrantCountdownAccess(ExchangeFixture.ApiKey);

        var answer = await fixture.Client.PostAsync(Countdown, $$"""{"countdown":"{{countdown}}"}""");

        Assert.Equal((400, "400172"), (answer.Status, answer.Code));
    }

    [Fact]
    public async Task A_lapsed_countdown_cancels_every_order_and_switches_itself_off()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await ExchangeFixture.StartAsync(options: new TestExchangeOptions { TimeProvider = time });
        var exchange = fixture.Exchange;
        exchange.GrantCountdownAccess(ExchangeFixture.ApiKey);
        exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 3);
        exchange.AddOrders(ExchangeFixture.ApiKey, "COIN-FUTURES", "BTC", 2);
        var strategy = exchange.AddStrategyOrder(ExchangeFixture.ApiKey, "USDT-FUTURES", "BTCUSDT", "tpsl");

        var armed = await fixture.Client.PostAsync(Countdown, """{"countdown":"10"}""");
        time.Advance(TimeSpan.FromSeconds(9));
        var refreshed = await fixture.Client.PostAsync(Countdown, """{"countdown":"10"}""");
        time.Advance(TimeSpan.FromSeconds(9));
        var beforeLapse = fixture.Book.OpenOrders.Count;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(("00000", "success"), (armed.Code, armed.Data!.GetValue<string>()));
        Assert.Equal("00000", refreshed.Code);
        Assert.Equal(5, beforeLapse);
        Assert.Empty(fixture.Book.OpenOrders);
        Assert.Equal([strategy], fixture.Book.OpenStrategyOrders);
        Assert.Null(fixture.Book.CountdownWindow);
        Assert.Equal(1, fixture.Book.CountdownLapses);
        exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 1);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Single(fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task Countdown_0_switches_the_switch_off()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await ExchangeFixture.StartAsync(options: new TestExchangeOptions { TimeProvider = time });
        fixture.Exchange.GrantCountdownAccess(ExchangeFixture.ApiKey);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 2);

        await fixture.Client.PostAsync(Countdown, """{"countdown":"5"}""");
        var armedWindow = fixture.Book.CountdownWindow;
        time.Advance(TimeSpan.FromSeconds(1));
        var off = await fixture.Client.PostAsync(Countdown, """{"countdown":"0"}""");
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(5), armedWindow);
        Assert.Equal("00000", off.Code);
        Assert.Null(fixture.Book.CountdownWindow);
        Assert.Equal(2, fixture.Book.OpenOrders.Count);
        Assert.Equal(0, fixture.Book.CountdownLapses);
    }
}
