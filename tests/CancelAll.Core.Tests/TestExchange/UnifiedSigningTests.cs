using CancelAll.TestExchange;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>What every V3 endpoint shares: signing, the time window, the account mode, demo, parameters and per-endpoint limits.</summary>
public class UnifiedSigningTests
{
    private const string Settings = "/api/v3/account/settings";

    /// <summary>Each V3 endpoint with a valid request and its per-key limit per second.</summary>
    public static TheoryData<string, string, string, int> Endpoints() => new()
    {
        { "GET", Settings, string.Empty, 20 },
        { "POST", "/api/v3/trade/cancel-symbol-order", """{"category":"USDT-FUTURES"}""", 5 },
        { "GET", "/api/v3/trade/unfilled-orders", "category=USDT-FUTURES", 20 },
        { "GET", "/api/v3/trade/unfilled-strategy-orders", "category=USDT-FUTURES", 20 },
        { "POST", "/api/v3/trade/cancel-strategy-order", """{"orderId":"1"}""", 10 },
        { "GET", "/api/v3/position/current-position", "category=USDT-FUTURES", 20 },
        { "POST", "/api/v3/trade/close-positions", """{"category":"USDT-FUTURES"}""", 5 },
        { "POST", "/api/v3/trade/countdown-cancel-all", """{"countdown":"0"}""", 1 },
    };

    [Fact]
    public async Task Settings_answer_a_unified_account_signed_as_on_V2()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Book.HedgeMode = true;

        var answer = await fixture.Client.GetAsync(Settings);

        Assert.Equal((200, "00000"), (answer.Status, answer.Code));
        Assert.Equal("unified", answer.Data!["accountMode"]!.GetValue<string>());
        Assert.Equal("hedge_mode", answer.Data["holdMode"]!.GetValue<string>());
        Assert.Matches("^[0-9]{10}$", answer.Data["uid"]!.GetValue<string>());
        var recorded = Assert.Single(fixture.Exchange.Received);
        Assert.Equal((Settings, 200, "00000"), (recorded.Path, recorded.Status, recorded.Code));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_rejects_a_wrong_signature_and_a_stale_timestamp(string method, string path, string payload, int limit)
    {
        _ = limit;
        await using var fixture = await ExchangeFixture.StartAsync();
        using var wrongSecret = fixture.WrongSecretClient();
        using var stale = fixture.SkewedClient(TimeSpan.FromSeconds(-31));
        using var inWindow = fixture.SkewedClient(TimeSpan.FromSeconds(-25));

        var badSignature = await Send(wrongSecret, method, path, payload);
        var tampered = await wrongSecret.SendAsync(new HttpMethod(method), path, method == "GET" ? payload : string.Empty, method == "POST" ? payload : string.Empty, signature: "bm90IGEgc2lnbmF0dXJl");
        var expired = await Send(stale, method, path, payload);
        var accepted = await Send(inWindow, method, path, payload);

        Assert.Equal((400, "40009"), (badSignature.Status, badSignature.Code));
        Assert.Equal("40009", tampered.Code);
        Assert.Equal((400, "40008"), (expired.Status, expired.Code));
        Assert.NotEqual("40008", accepted.Code);
        Assert.NotEqual("40009", accepted.Code);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_classic_account_gets_40084_from_every_endpoint(string method, string path, string payload, int limit)
    {
        _ = limit;
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Classic);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 1);
        fixture.Exchange.UnifiedLimitsPerSecond[path] = 0;

        var answer = await Send(fixture.Client, method, path, payload);
        fixture.Exchange.Quirks.WrongModeHttpStatus = 200;
        var as200 = await Send(fixture.Client, method, path, payload);

        Assert.Equal((400, "40084"), (answer.Status, answer.Code));
        Assert.Contains("Classic Account mode", answer.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((200, "40084"), (as200.Status, as200.Code));
        Assert.Single(fixture.Book.OpenOrders);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_429_past_its_own_limit_per_key(string method, string path, string payload, int limit)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fixture = await ExchangeFixture.StartAsync(options: new TestExchangeOptions { TimeProvider = time });
        fixture.Exchange.GrantCountdownAccess(ExchangeFixture.ApiKey);

        var statuses = new List<int>();
        for (var i = 0; i <= limit; i++)
        {
            statuses.Add((await Send(fixture.Client, method, path, payload)).Status);
        }

        var otherEndpoint = await fixture.Client.GetAsync(path == Settings ? "/api/v3/trade/unfilled-orders" : Settings);
        time.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await Send(fixture.Client, method, path, payload);

        Assert.DoesNotContain(429, statuses.Take(limit));
        Assert.Equal(429, statuses[limit]);
        Assert.Equal(200, otherEndpoint.Status);
        Assert.NotEqual(429, nextSecond.Status);
    }

    [Fact]
    public async Task A_key_without_the_permission_for_a_path_gets_40014_there_only()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Book.DeniedPaths[Settings] = true;

        var denied = await fixture.Client.GetAsync(Settings);
        var allowed = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders");

        Assert.Equal((400, "40014"), (denied.Status, denied.Code));
        Assert.Contains(Settings, denied.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("00000", allowed.Code);
    }

    [Fact]
    public async Task A_limit_can_be_switched_off()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.UnifiedLimitsPerSecond["/api/v3/trade/countdown-cancel-all"] = 0;
        fixture.Exchange.GrantCountdownAccess(ExchangeFixture.ApiKey);

        var first = await fixture.Client.PostAsync("/api/v3/trade/countdown-cancel-all", """{"countdown":"0"}""");
        var second = await fixture.Client.PostAsync("/api/v3/trade/countdown-cancel-all", """{"countdown":"0"}""");

        Assert.Equal((200, 200), (first.Status, second.Status));
    }

    [Fact]
    public async Task Demo_is_the_paptrading_header_on_the_normal_categories()
    {
        await using var fixture = await ExchangeFixture.StartAsync(demo: true);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 2);

        var withHeader = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders", "category=usdt-futures");
        var prefixed = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders", "category=SUSDT-FUTURES");
        fixture.Client.PaperTrading = false;
        var withoutHeader = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders", "category=USDT-FUTURES");

        Assert.Equal(("00000", 2), (withHeader.Code, withHeader.List.Count));
        Assert.Equal((400, "400172"), (prefixed.Status, prefixed.Code));
        Assert.Contains("paptrading", prefixed.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((400, "40099"), (withoutHeader.Status, withoutHeader.Code));
    }

    [Fact]
    public async Task A_live_key_must_not_send_the_demo_header()
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Client.PaperTrading = true;

        var answer = await fixture.Client.GetAsync(Settings);

        Assert.Equal("40099", answer.Code);
    }

    [Theory]
    [InlineData("""{"category":"USDT-FUTURES","marginCoin":"USDT"}""", "25236")]
    [InlineData("""{"productType":"USDT-FUTURES"}""", "25236")]
    [InlineData("""{"category":"SPOT"}""", "400172")]
    [InlineData("""{"symbol":"BTCUSDT"}""", "400172")]
    [InlineData("not json", "400172")]
    public async Task Parameters_that_V3_does_not_take_are_rejected(string body, string code)
    {
        await using var fixture = await ExchangeFixture.StartAsync();
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 1);

        var answer = await fixture.Client.PostAsync("/api/v3/trade/cancel-symbol-order", body);

        Assert.Equal((400, code), (answer.Status, answer.Code));
        Assert.Single(fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task A_mode_switch_while_running_moves_the_account_to_the_other_API()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 2);

        var unified = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders");
        fixture.Exchange.SwitchMode(ExchangeFixture.ApiKey, AccountMode.Classic);
        var v3AfterSwitch = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders");
        var v2AfterSwitch = await fixture.Client.PostAsync("/api/v2/mix/order/cancel-all-orders", """{"productType":"USDT-FUTURES","marginCoin":"USDT"}""");

        Assert.Equal(("00000", 2), (unified.Code, unified.List.Count));
        Assert.Equal("40084", v3AfterSwitch.Code);
        Assert.Equal(2, v2AfterSwitch.Data!["successList"]!.AsArray().Count);
        Assert.Empty(fixture.Book.OpenOrders);
    }

    private static Task<ExchangeAnswer> Send(SignedExchangeClient client, string method, string path, string payload) =>
        method == "GET" ? client.GetAsync(path, payload) : client.PostAsync(path, payload);
}
