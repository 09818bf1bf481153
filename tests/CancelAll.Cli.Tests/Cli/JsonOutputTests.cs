using System.Text.Json;
using CancelAll.Cli;

namespace CancelAll.Cli.Tests;

/// <summary>--json: standard output is exactly one JSON document in every mode; everything else is on standard error.</summary>
public class JsonOutputTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string?>? environment = null, string? stdin = null, CliInterruption? interruption = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? string.Empty);
        var exit = await new CliApp(output, error, environment ?? [], input, interruption).InvokeAsync(args);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Parses the whole of standard output: JsonDocument.Parse throws on anything before or after the one document.</summary>
    private static JsonElement OneDocument(string stdout)
    {
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }

    [Theory]
    [InlineData("--sandbox")]
    [InlineData("--sandbox", "--scope", "flatten")]
    [InlineData("--sandbox", "--dry-run", "--scope", "entries")]
    [InlineData("--sandbox", "--sandbox-classic", "--verbose")]
    public async Task A_kill_prints_one_outcome_document_and_the_banner_on_standard_error(params string[] args)
    {
        var (exit, output, error) = await RunAsync([.. args, "--json"]);

        Assert.Equal(ExitCodes.Success, exit);
        var outcome = OneDocument(output);
        Assert.Equal("sandbox", outcome.GetProperty("account").GetString());
        Assert.Contains("Sandbox: local test exchange", error, StringComparison.Ordinal);
        Assert.Contains("Sandbox exchange after the run", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "-p", "USDT-FUTURES")]
    [InlineData(false, "-p", "USDT-FUTURES", "--dry-run", "--scope", "flatten")]
    [InlineData(false, "-p", "USDT-FUTURES", "--scope", "flatten", "--verbose")]
    [InlineData(false, "--account", "desk", "-p", "USDT-FUTURES", "--verbose")]
    [InlineData(true, "-p", "USDT-FUTURES", "--verbose")]
    public async Task A_kill_with_keys_prints_one_outcome_document_whatever_its_outcome(bool exchangeDown, params string[] args)
    {
        // Keys from BITGET_API_* (or, for --account desk, CancelAll__Accounts__desk__*), against the test exchange.
        const string key = "bg_json_key_0001", secret = "json-secret-4b7e1d9c2a", passphrase = "json-pass-0001";
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new TestExchange.ExchangeAccount(key, secret, passphrase));
        exchange.AddOrders(key, "USDT-FUTURES", "USDT", 2);
        exchange.AddPosition(key, "USDT-FUTURES", "USDT", "BTCUSDT", "long");
        var desk = args.Contains("desk");
        var environment = new Dictionary<string, string?>
        {
            [desk ? "CancelAll__Accounts__desk__ApiKey" : "BITGET_API_KEY"] = key,
            [desk ? "CancelAll__Accounts__desk__ApiSecret" : "BITGET_API_SECRET"] = secret,
            [desk ? "CancelAll__Accounts__desk__Passphrase" : "BITGET_API_PASSPHRASE"] = passphrase,
            ["CancelAll__Exchange__RetryBaseDelay"] = "00:00:00.010",
        };
        if (exchangeDown)
        {
            exchange.Faults.FailNext(100, System.Net.HttpStatusCode.ServiceUnavailable);
        }

        var (exit, output, error) = await RunAsync([.. args, "--base-url", exchange.BaseUri.ToString(), "--json"], environment);

        var outcome = OneDocument(output);
        Assert.Equal(desk ? "desk" : "main", outcome.GetProperty("account").GetString());
        Assert.Equal(exchangeDown ? "Failed" : "Succeeded", outcome.GetProperty("status").GetString());
        Assert.Equal(exchangeDown, exit != ExitCodes.Success);
        if (args.Contains("--verbose"))
        {
            Assert.Contains("Cancel-all " + outcome.GetProperty("correlationId").GetString(), error, StringComparison.Ordinal);
        }

        CancelAll.Core.Tests.Support.SecretScan.AssertNoSecrets([output, error], secret, passphrase);
    }

    [Fact]
    public async Task A_command_file_prints_one_outcome_document()
    {
        const string message = """{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"scope":"entries","reason":"from a file"}""";
        var (exit, output, _) = await RunAsync(["--sandbox", "--command-file", "-", "--json"], stdin: message);

        Assert.Equal(ExitCodes.Success, exit);
        var outcome = OneDocument(output);
        Assert.Equal("from a file", outcome.GetProperty("reason").GetString());
        Assert.Equal("entries", outcome.GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData(new[] { "--no-such-option" }, "--no-such-option")]
    [InlineData(new[] { "--scope", "Nuke" }, "Nuke")]
    [InlineData(new[] { "-p", "SPOT" }, "SPOT")]
    [InlineData(new[] { "-p", "USDT-FUTURES" }, "BITGET_API_KEY")]
    public async Task An_error_before_the_kill_prints_one_error_document_with_the_exit_codes_meaning(string[] args, string named)
    {
        var (exit, output, error) = await RunAsync([.. args, "--json"]);

        Assert.Equal(ExitCodes.BadInput, exit);
        var document = OneDocument(output);
        Assert.Equal(CliErrorJson.SchemaName, document.GetProperty("schema").GetString());
        Assert.Equal(ExitCodes.BadInput, document.GetProperty("exitCode").GetInt32());
        Assert.Equal("bad input or configuration", document.GetProperty("meaning").GetString());
        Assert.Contains(named, document.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_prints_one_error_document()
    {
        var (exit, output, _) = await RunAsync(["--sandbox", "--json"], new() { ["CancelAll__Flatten__VerifyDeadline"] = "-00:00:01" });

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("VerifyDeadline", OneDocument(output).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_run_prints_the_outcome_so_far_as_one_document_and_exits_130()
    {
        using var interruption = new CliInterruption();
        interruption.Request(CliInterruption.SigIntExitCode);

        var (exit, output, _) = await RunAsync(["--sandbox", "--scope", "flatten", "-p", "USDT-FUTURES", "--json"], interruption: interruption);

        Assert.Equal(CliInterruption.SigIntExitCode, exit);
        var target = Assert.Single(OneDocument(output).GetProperty("targets").EnumerateArray().ToList());
        Assert.Equal("Interrupted", target.GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Without_json_the_outcome_is_text_and_no_progress_is_drawn()
    {
        var (exit, output, error) = await RunAsync(["--sandbox", "--scope", "flatten"]);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("Sandbox:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("targets done", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error);
    }

    [Fact]
    public async Task An_interrupted_run_in_text_says_so_first_and_marks_the_steps_that_did_not_start()
    {
        using var interruption = new CliInterruption();
        interruption.Request(CliInterruption.SigTermExitCode);
        Assert.False(interruption.Request(CliInterruption.SigIntExitCode));

        var (exit, output, _) = await RunAsync(["--sandbox", "--scope", "entries", "-p", "USDT-FUTURES"], interruption: interruption);

        Assert.Equal(CliInterruption.SigTermExitCode, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("Sandbox:", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("INTERRUPTED (interrupted by SIGTERM", lines[1], StringComparison.Ordinal);
        Assert.Contains("--dry-run", lines[1], StringComparison.Ordinal);
        Assert.Contains("not verified", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("0 remaining", lines[2], StringComparison.Ordinal);
        Assert.Contains("step cancel-orders: not started (interrupted)", output, StringComparison.Ordinal);
        Assert.Contains("step cancel-entry-plans: not started (interrupted)", output, StringComparison.Ordinal);
    }
}
