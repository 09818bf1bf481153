using CancelAll.Cli;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Contract;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;

namespace CancelAll.Cli.Tests;

/// <summary>The CLI in process against its sandbox exchange: <c>--json</c> prints a cancel-all.outcome/v2 document.</summary>
public class CliJsonContractTests
{
    private static Task<(int Exit, string Json)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    private static async Task<(int Exit, string Json)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new CliApp(output, error, environment, new StringReader(string.Empty)).InvokeAsync(args);
        var text = output.ToString();
        // Until --json is pure on stdout (the cli branch), the sandbox's banner may precede the document.
        return (exit, text[text.IndexOf('{', StringComparison.Ordinal)..]);
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("entries")]
    [InlineData("flatten")]
    public async Task Each_scope_prints_a_document_that_matches_the_schema(string scope)
    {
        var (exit, json) = await RunAsync("--sandbox", "--json", "--scope", scope, "-p", "USDT-FUTURES");

        Assert.Equal(ExitCodes.Success, exit);
        var document = OutcomeSchema.AssertValid(json);
        Assert.Equal(scope, document.Text("scope"));
        Assert.Equal("cli", document.Text("source"));
        Assert.True(document["cancelledCount"]!.GetValue<int>() > 0);
        Assert.NotNull(document.Text("headline"));
    }

    [Fact]
    public async Task A_dry_run_prints_the_would_cancel_list()
    {
        var (exit, json) = await RunAsync("--sandbox", "--json", "--dry-run", "--scope", "flatten", "-p", "USDT-FUTURES");

        Assert.Equal(ExitCodes.Success, exit);
        var document = OutcomeSchema.AssertValid(json);
        Assert.True(document["dryRun"]!.GetValue<bool>());
        Assert.True(document["targets"]![0]!["wouldCancel"]!["count"]!.GetValue<int>() > 0);
        Assert.StartsWith("Dry run", document.Text("headline"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_prints_the_error_with_its_hint()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount("bg_contract_key_01", "contract-secret-77a1c9", "contract-pass-1"));
        exchange.AddOrders("bg_contract_key_01", "USDT-FUTURES", "USDT", 2);
        var environment = new Dictionary<string, string?>
        {
            ["BITGET_API_KEY"] = "bg_contract_key_01",
            ["BITGET_API_SECRET"] = "not-the-secret-1234",
            ["BITGET_API_PASSPHRASE"] = "contract-pass-1",
            ["CancelAll__Exchange__RetryBaseDelay"] = "00:00:00.010",
        };

        var (exit, json) = await RunAsync(environment, "-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString(), "--json");

        Assert.Equal(ExitCodes.CredentialsOrPermission, exit);
        var document = OutcomeSchema.AssertValid(json);
        Assert.Equal("Failed", document.Text("status"));
        var error = document["targets"]![0]!["error"]!;
        Assert.Equal(OutcomeErrorKinds.Handling(Enum.Parse<OutcomeErrorKind>(error.Text("kind")!)).Hint, error.Text("hint"));
        Assert.Equal(2, exchange.Book("bg_contract_key_01").OpenOrders.Count);
        SecretScan.AssertNoSecrets([json], "not-the-secret-1234", "contract-pass-1");
    }
}
