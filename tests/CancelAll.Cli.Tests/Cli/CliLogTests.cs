using System.Net;
using System.Text.Json;
using CancelAll.Cli;
using CancelAll.TestExchange;

namespace CancelAll.Cli.Tests;

/// <summary>What --verbose shows on standard error: the kill's own lines, with progress per step; no retry chatter, no secret.</summary>
public class CliLogTests
{
    private const string Key = "bg_cli_log_key_0001";
    private const string Secret = "cli-log-secret-7c2e9a41b0d3";
    private const string Passphrase = "cli-log-pass-0001";

    [Fact]
    public async Task Verbose_logs_each_steps_progress_once_and_keeps_retries_out_of_sight()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(Key, Secret, Passphrase));
        exchange.AddOrders(Key, "USDT-FUTURES", "USDT", 2);
        exchange.AddPlan(Key, "USDT-FUTURES", "USDT", "normal_plan", "BTCUSDT");
        exchange.AddPosition(Key, "USDT-FUTURES", "USDT", "BTCUSDT", "long");
        exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable);
        var environment = new Dictionary<string, string?>
        {
            ["BITGET_API_KEY"] = Key,
            ["BITGET_API_SECRET"] = Secret,
            ["BITGET_API_PASSPHRASE"] = Passphrase,
            ["CancelAll__Exchange__RetryBaseDelay"] = "00:00:00.010",
            // The 503 is meant for the kill's own first request: with the mode set, no detection read takes it.
            ["CancelAll__Exchange__AccountModes__main"] = "classic",
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await new CliApp(output, error, environment).InvokeAsync(["--base-url", exchange.BaseUri.ToString(), "-p", "USDT-FUTURES", "--scope", "flatten", "--verbose", "--json"]);

        Assert.Equal(ExitCodes.Success, exit);
        using var document = JsonDocument.Parse(output.ToString());
        var id = document.RootElement.GetProperty("correlationId").GetString();
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] steps = ["cancel-orders", "cancel-entry-plans", "close-positions", "cancel-tpsl", "verify"];
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.Single(lines, l => l.EndsWith($"Cancel-all {id} target USDT-FUTURES: step {steps[i]} started ({i + 1} of 5)", StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains($"Cancel-all {id} target USDT-FUTURES: step {steps[i]} finished ({i + 1} of 5): ", StringComparison.Ordinal));
        }

        // The 503 was retried (the target's line counts it), but neither Polly nor HttpClient wrote a line about it.
        Assert.Single(lines, l => l.Contains($"Cancel-all {id} target USDT-FUTURES: Succeeded", StringComparison.Ordinal) && l.Contains("1 retried", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Polly", StringComparison.Ordinal) || l.Contains("HttpClient", StringComparison.Ordinal) || l.Contains("Resilience", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("erro:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        CancelAll.Core.Tests.Support.SecretScan.AssertNoSecrets([output.ToString(), error.ToString()], Secret, Passphrase);
    }
}
