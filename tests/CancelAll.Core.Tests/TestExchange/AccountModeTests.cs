using CancelAll.TestExchange;

namespace CancelAll.Core.Tests.TestExchangeTests;

public class AccountModeTests
{
    private const string V2CancelAll = "/api/v2/mix/order/cancel-all-orders";
    private const string V2Body = """{"productType":"USDT-FUTURES","marginCoin":"USDT"}""";

    [Fact]
    public async Task A_unified_account_gets_40085_from_V2_and_keeps_its_orders()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 2);

        var answer = await fixture.Client.PostAsync(V2CancelAll, V2Body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("40085", answer.Code);
        Assert.Contains("Unified Account mode", answer.Body["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, fixture.Book.OpenOrders.Count);
        Assert.Equal("40085", Assert.Single(fixture.Exchange.Received).Code);
    }

    [Fact]
    public async Task The_wrong_mode_status_can_be_200()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.Quirks.WrongModeHttpStatus = 200;

        var answer = await fixture.Client.PostAsync(V2CancelAll, V2Body);

        Assert.Equal(200, answer.Status);
        Assert.Equal("40085", answer.Code);
    }

    [Fact]
    public async Task The_signature_is_checked_before_the_mode()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        using var wrong = fixture.WrongSecretClient();

        var answer = await wrong.PostAsync(V2CancelAll, V2Body);

        Assert.Equal("40009", answer.Code);
    }

    [Fact]
    public async Task Accounts_are_classic_by_default_and_switch_mode_while_running()
    {
        Assert.Equal(AccountMode.Classic, new ExchangeAccount("k", "s", "p").Mode);
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Classic);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 3);

        var classic = await fixture.Client.PostAsync(V2CancelAll, V2Body);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 1);
        fixture.Exchange.SwitchMode(ExchangeFixture.ApiKey, AccountMode.Unified);
        var unified = await fixture.Client.PostAsync(V2CancelAll, V2Body);
        fixture.Book.SwitchMode(AccountMode.Classic);
        var back = await fixture.Client.PostAsync(V2CancelAll, V2Body);

        Assert.Equal(("00000", 3), (classic.Code, classic.Data!["successList"]!.AsArray().Count));
        Assert.Equal("40085", unified.Code);
        Assert.Equal(("00000", 1), (back.Code, back.Data!["successList"]!.AsArray().Count));
        Assert.Empty(fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task A_switch_after_n_requests_happens_in_the_middle_of_a_run()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.AddOrders(ExchangeFixture.ApiKey, "USDT-FUTURES", "USDT", 2);
        fixture.Book.SwitchModeAfter(2, AccountMode.Classic);

        var first = await fixture.Client.GetAsync("/api/v3/account/settings");
        var second = await fixture.Client.GetAsync("/api/v3/trade/unfilled-orders");
        var third = await fixture.Client.PostAsync("/api/v3/trade/cancel-symbol-order", """{"category":"USDT-FUTURES"}""");
        var v2 = await fixture.Client.PostAsync(V2CancelAll, V2Body);

        Assert.Equal(("00000", "00000", "40084", "00000"), (first.Code, second.Code, third.Code, v2.Code));
        Assert.Equal(AccountMode.Classic, fixture.Book.Mode);
        Assert.Empty(fixture.Book.OpenOrders);
    }

    [Fact]
    public async Task Rsa_keys_sign_V3_requests_as_they_sign_V2()
    {
        await using var exchange = await CancelAll.TestExchange.TestExchange.StartAsync();
        var (account, privateKey) = ExchangeAccount.CreateRsa("bg_rsa_uta_0001", "rsa-pass", mode: AccountMode.Unified);
        exchange.AddAccount(account);
        using var client = new SignedExchangeClient(exchange.BaseUri, new CancelAll.Core.Credentials.ApiCredentials(account.ApiKey, privateKey, account.Passphrase), () => exchange.Now);

        var settings = await client.GetAsync("/api/v3/account/settings");

        Assert.Equal(("00000", "unified"), (settings.Code, settings.Data!["accountMode"]!.GetValue<string>()));
    }
}
