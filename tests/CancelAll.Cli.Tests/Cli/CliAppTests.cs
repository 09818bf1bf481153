using System.Net;
using System.Text.Json;
using CancelAll.Cli;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;

namespace CancelAll.Cli.Tests;

public class CliAppTests
{
    private const string Key = "bg_cli_key_000001";
    private const string Secret = "cli-secret-5d1c0a7e93b2f4e8";
    private const string Passphrase = "cli-pass-phrase-42";

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string?>? environment = null, string? stdin = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? string.Empty);
        var exit = await new CliApp(output, error, environment ?? [], input).InvokeAsync(args);
        return (exit, output.ToString(), error.ToString());
    }

    private static Dictionary<string, string?> Keys(string secret = Secret) => new()
    {
        ["BITGET_API_KEY"] = Key,
        ["BITGET_API_SECRET"] = secret,
        ["BITGET_API_PASSPHRASE"] = Passphrase,
        ["CancelAll__Exchange__RetryBaseDelay"] = "00:00:00.010",
    };

    private static async Task<TestExchange.TestExchange> ExchangeWithOrdersAsync(int orders)
    {
        var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(Key, Secret, Passphrase));
        exchange.AddOrders(Key, "USDT-FUTURES", "USDT", orders);
        return exchange;
    }

    [Fact]
    public async Task Sandbox_cancels_the_seeded_orders_end_to_end()
    {
        var (exit, output, _) = await RunAsync(["--sandbox", "--json"]);
        Assert.Equal(ExitCodes.Success, exit);
        var json = output[output.IndexOf('{', StringComparison.Ordinal)..];
        using var outcome = JsonDocument.Parse(json);
        Assert.Equal("Succeeded", outcome.RootElement.GetProperty("status").GetString());
        Assert.Equal(7, outcome.RootElement.GetProperty("cancelledCount").GetInt32());
        Assert.Equal("cli", outcome.RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Cancels_with_keys_from_the_environment_and_leaves_no_secret_in_the_output()
    {
        await using var exchange = await ExchangeWithOrdersAsync(4);
        var (exit, output, error) = await RunAsync(["-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString(), "--verbose"], Keys());
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("4 cancelled", output, StringComparison.Ordinal);
        Assert.Empty(exchange.Book(Key).OpenOrders);
        SecretScan.AssertNoSecrets([output, error], Secret, Passphrase);
    }

    [Fact]
    public async Task Dry_run_prints_the_redacted_request_and_changes_nothing()
    {
        await using var exchange = await ExchangeWithOrdersAsync(2);
        var (exit, output, error) = await RunAsync(["-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString(), "--dry-run"], Keys());
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("POST /api/v2/mix/order/cancel-all-orders", output, StringComparison.Ordinal);
        Assert.Contains("ACCESS-SIGN: ***", output, StringComparison.Ordinal);
        // The dry run is a read-only preview: signed GETs only, never a POST.
        Assert.DoesNotContain(exchange.Received, r => r.Method != "GET");
        Assert.Equal(2, exchange.Book(Key).OpenOrders.Count);
        SecretScan.AssertNoSecrets([output, error], Secret, Passphrase, Key);
    }

    [Theory]
    [InlineData("-p", "SPOT")]
    [InlineData("-p", "COIN-FUTURES")]
    [InlineData("--margin-coin", "")]
    [InlineData("--no-such-option", "x")]
    public async Task Bad_input_exits_2_with_a_message_naming_the_problem(string option, string value)
    {
        var (exit, _, error) = await RunAsync([option, value], Keys());
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_keys_exit_2_naming_the_variable()
    {
        var (exit, _, error) = await RunAsync(["-p", "USDT-FUTURES"]);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("BITGET_API_KEY", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_secret_exits_3()
    {
        await using var exchange = await ExchangeWithOrdersAsync(1);
        var (exit, output, error) = await RunAsync(["-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString()], Keys("not-the-secret-1234"));
        Assert.Equal(ExitCodes.CredentialsOrPermission, exit);
        Assert.Contains("Signature", output, StringComparison.Ordinal);
        SecretScan.AssertNoSecrets([output, error], "not-the-secret-1234", Passphrase);
    }

    [Fact]
    public async Task Exchange_down_exits_4()
    {
        await using var exchange = await ExchangeWithOrdersAsync(1);
        exchange.Faults.FailNext(20, HttpStatusCode.ServiceUnavailable);
        var (exit, output, _) = await RunAsync(["-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString()], Keys());
        Assert.Equal(ExitCodes.ExchangeFailure, exit);
        Assert.Contains("ExchangeUnavailable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_left_behind_exit_5()
    {
        await using var exchange = await ExchangeWithOrdersAsync(3);
        exchange.Faults.FailingOrders[exchange.Book(Key).OpenOrders[0].OrderId] = "being filled";
        var (exit, output, _) = await RunAsync(["-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString()], Keys());
        Assert.Equal(ExitCodes.PartialFailure, exit);
        Assert.Contains("not cancelled", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replays_a_queue_message_from_standard_input()
    {
        await using var exchange = await ExchangeWithOrdersAsync(2);
        exchange.AddOrders(Key, "COIN-FUTURES", "ETH", 1);
        const string message = """{"version":1,"account":"main","productTypes":["COIN-FUTURES:ETH"],"reason":"replayed"}""";

        var (exit, output, _) = await RunAsync(["--command-file", "-", "--base-url", exchange.BaseUri.ToString(), "--json"], Keys(), message);

        Assert.Equal(ExitCodes.Success, exit);
        using var outcome = JsonDocument.Parse(output);
        Assert.Equal("replayed", outcome.RootElement.GetProperty("reason").GetString());
        Assert.Equal(1, outcome.RootElement.GetProperty("cancelledCount").GetInt32());
        Assert.Equal(2, exchange.Book(Key).OpenOrders.Count);
    }

    [Fact]
    public async Task A_bad_command_file_exits_2_naming_the_field()
    {
        var (exit, _, error) = await RunAsync(["--command-file", "-"], Keys(), """{"version":1,"account":"main","scope":"nuke"}""");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("scope", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_file_with_a_hold_exits_2_saying_holds_start_in_the_app_and_release_here_and_sends_nothing()
    {
        await using var exchange = await CancelAll.TestExchange.TestExchange.StartAsync();
        var (exit, _, error) = await RunAsync(["--command-file", "-", "--base-url", exchange.BaseUri.ToString()], Keys(), """{"version":1,"account":"main","holdMinutes":30}""");
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("holdMinutes is for the app", error, StringComparison.Ordinal);
        Assert.Contains("cancel-all release <hold id>", error, StringComparison.Ordinal);
        Assert.Empty(exchange.Received);
    }

    [Fact]
    public async Task All_expands_coin_futures_over_the_configured_margin_coins()
    {
        var (exit, output, _) = await RunAsync(["--sandbox", "--dry-run", "--json"], new() { ["CancelAll__CoinFuturesMarginCoins"] = "btc,XRP" });
        Assert.Equal(ExitCodes.Success, exit);
        using var outcome = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        var coinTargets = outcome.RootElement.GetProperty("targets").EnumerateArray()
            .Where(t => t.GetProperty("productType").GetString() == "COIN-FUTURES")
            .Select(t => t.GetProperty("marginCoin").GetString());
        Assert.Equal(["BTC", "XRP"], coinTargets);
    }

    [Fact]
    public async Task The_margin_coins_may_also_be_an_array()
    {
        var (exit, output, _) = await RunAsync(["--sandbox", "--dry-run", "--json"], new() { ["CancelAll__CoinFuturesMarginCoins__0"] = "xrp", ["CancelAll__CoinFuturesMarginCoins__1"] = "btc" });
        Assert.Equal(ExitCodes.Success, exit);
        using var outcome = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        var coinTargets = outcome.RootElement.GetProperty("targets").EnumerateArray()
            .Where(t => t.GetProperty("productType").GetString() == "COIN-FUTURES")
            .Select(t => t.GetProperty("marginCoin").GetString());
        Assert.Equal(["BTC", "XRP"], coinTargets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Help_shows_the_scopes_as_they_are_typed()
    {
        var (exit, output, _) = await RunAsync(["--help"]);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("--scope <orders|entries|flatten>", output, StringComparison.Ordinal);
        Assert.Contains("[default: orders]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Flatten", output, StringComparison.Ordinal);

        var (badExit, _, error) = await RunAsync(["--sandbox", "--scope", "nuke"]);
        Assert.Equal(ExitCodes.BadInput, badExit);
        Assert.Contains("orders", error, StringComparison.Ordinal);
        Assert.Contains("flatten", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUSDT-FUTURES", "use -p USDT-FUTURES")]
    [InlineData("scoin-futures:btc", "use -p COIN-FUTURES:BTC")]
    public async Task Sandbox_with_a_classic_demo_type_says_what_to_type_instead(string productType, string advice)
    {
        var (exit, output, error) = await RunAsync(["--sandbox", "-p", productType]);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Empty(output);
        Assert.Contains("classic accounts only", error, StringComparison.Ordinal);
        Assert.Contains(advice, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CancelAll__Flatten__VerifyDeadline", "abc", "not a time span", "example: 00:00:10")]
    [InlineData("CancelAll__Exchange__MaxRetries", "many", "not a whole number", "example: 5")]
    [InlineData("CancelAll__Exchange__AttemptTimeout", "5s", "not a time span", "example: 00:00:10")]
    public async Task A_setting_of_the_wrong_type_is_named_with_its_variable_and_an_example_without_a_stack_trace(string variable, string value, string problem, string example)
    {
        var (exit, output, error) = await RunAsync(["--sandbox"], new() { [variable] = value });

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"{variable}) is '{value}', which is {problem}", error, StringComparison.Ordinal);
        Assert.Contains(variable.Replace("__", ":", StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.Contains(example, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error + output, StringComparison.Ordinal);
    }
}
