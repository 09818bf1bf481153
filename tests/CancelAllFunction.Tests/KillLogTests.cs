using System.Net;
using System.Text.Json;
using CancelAll.Core.Tests.Support;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using Microsoft.Extensions.Logging;

namespace CancelAll.Functions.Tests;

/// <summary>
/// What an on-call engineer reads in the log of a real kill (the app's host, its webhook, the test exchange): one line
/// per event at its level, retry chatter at Debug, one summary line per outcome whose facts are the outcome's, each
/// target's lines inside a scope that carries the correlation id, the account and the target, a progress line as each
/// step of a flatten starts and ends, and no secret anywhere.
/// </summary>
public class KillLogTests
{
    private static readonly string[] FlattenSteps = ["cancel-orders", "cancel-entry-plans", "close-positions", "cancel-tpsl", "verify"];

    [Fact]
    public async Task A_flatten_with_a_retried_request_logs_each_event_once_with_progress_and_the_kill_scope()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?> { ["CancelAll:Exchange:AccountModes:main"] = "classic" }, logs: logs);
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 3);
        app.Exchange.AddPlan(app.Account.ApiKey, "USDT-FUTURES", "USDT", "normal_plan", "BTCUSDT");
        app.Exchange.AddPlan(app.Account.ApiKey, "USDT-FUTURES", "USDT", "pos_loss", "BTCUSDT");
        app.Exchange.AddPosition(app.Account.ApiKey, "USDT-FUTURES", "USDT", "BTCUSDT", "long");
        app.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable);

        using var answer = await Post(app, """{"productType":"USDT-FUTURES","scope":"flatten"}""");
        var outcome = answer.RootElement;
        Assert.Equal("Succeeded", outcome.GetProperty("status").GetString());
        var id = outcome.GetProperty("correlationId").GetString()!;
        var shown = Shown(logs);

        // The retry happened, and was Debug chatter: nothing at Warning or above for a kill that succeeded.
        var polly = logs.Entries.Where(e => e.Category == "Polly").ToList();
        Assert.Contains(polly, e => e.Message.Contains("OnRetry", StringComparison.Ordinal));
        Assert.All(polly, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.DoesNotContain(shown, e => e.Level >= LogLevel.Warning);

        // One line per event: the kill's start, each step's start and end with its number of the total, the target, the outcome.
        var kill = shown.Where(e => e.Message.Contains(id, StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(kill.Count, kill.Distinct().Count());
        Assert.Single(kill, m => m.StartsWith($"Cancel-all {id} from Http for account main: 1 target(s), scope Flatten", StringComparison.Ordinal));
        var progress = kill.Where(m => m.Contains(": step ", StringComparison.Ordinal)).ToList();
        // The two cancel steps' calls go at once: both start, then both finish; the others one after another.
        Assert.Equal(
            [
                $"step {FlattenSteps[0]} started (1 of 5)",
                $"step {FlattenSteps[1]} started (2 of 5)",
                $"step {FlattenSteps[0]} finished (1 of 5)",
                $"step {FlattenSteps[1]} finished (2 of 5)",
                .. FlattenSteps.Skip(2).SelectMany((step, i) => new[] { $"step {step} started ({i + 3} of 5)", $"step {step} finished ({i + 3} of 5)" }),
            ],
            progress.Select(m => m[(m.IndexOf("step ", StringComparison.Ordinal))..].Split(':')[0]));
        Assert.Contains($"Cancel-all {id} target USDT-FUTURES: step cancel-orders finished (1 of 5): 3 done, 0 failed, 0 error(s)", progress);
        Assert.Single(kill, m => m.StartsWith($"Cancel-all {id} target USDT-FUTURES: Succeeded", StringComparison.Ordinal));

        // The one summary line states the outcome's facts: status, source, account, scope, headline, duration.
        var summary = Assert.Single(shown, e => e.Category.EndsWith("OutcomeRecorder", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, summary.Level);
        Assert.StartsWith(
            $"Cancel-all outcome {id}: Succeeded from http for account main on USDT-FUTURES, scope flatten; {outcome.GetProperty("headline").GetString()}; {outcome.GetProperty("durationMs").GetRawText()} ms, 1 retries, error none",
            summary.Message,
            StringComparison.Ordinal);
        Assert.Equal(3, outcome.GetProperty("cancelledCount").GetInt32());
        Assert.Contains("3 cancelled, 0 failed, 0 remaining (verified)", summary.Message, StringComparison.Ordinal);

        // Every line of the target's run, the client's and Polly's included, carries the kill's scope.
        var inRun = logs.Entries.Where(e => e.Category.StartsWith("CancelAll.Core.Kill.", StringComparison.Ordinal) || e.Category.StartsWith("CancelAll.Core.Exchange.", StringComparison.Ordinal) || e.Category == "Polly").ToList();
        Assert.True(inRun.Count > 20, $"{inRun.Count} lines");
        Assert.All(inRun, e =>
        {
            Assert.Equal(id, e.ScopeValue("CorrelationId"));
            Assert.Equal("main", e.ScopeValue("Account"));
        });
        Assert.All(inRun.Where(e => !e.Category.EndsWith("CancelAllWorkflow", StringComparison.Ordinal)), e => Assert.Equal("USDT-FUTURES", e.ScopeValue("Target")));

        AssertNoSecret(app, logs);
    }

    [Fact]
    public async Task A_failed_step_is_one_warning_and_its_outcome_one_error_line()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?> { ["CancelAll:Exchange:MaxRetries"] = "1", ["CancelAll:Exchange:AccountModes:main"] = "classic" }, logs: logs);
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 2);
        app.Exchange.Faults.FailNext(2, HttpStatusCode.ServiceUnavailable);

        using var answer = await Post(app, """{"productType":"USDT-FUTURES"}""");
        var outcome = answer.RootElement;
        Assert.Equal("Failed", outcome.GetProperty("status").GetString());
        var id = outcome.GetProperty("correlationId").GetString()!;
        var error = outcome.GetProperty("targets")[0].GetProperty("error");
        Assert.Equal("ExchangeUnavailable", error.GetProperty("kind").GetString());

        // The client saw the failure twice and Polly retried once: all of that at Debug.
        Assert.Contains(logs.Entries, e => e.Category == "Polly" && e.Level == LogLevel.Debug && e.Message.Contains("OnRetry", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Category.EndsWith("BitgetClient", StringComparison.Ordinal) && e.Level == LogLevel.Debug && e.Message.Contains("HTTP 503", StringComparison.Ordinal));

        // What shows: the step's failure once (Warning), the outcome once (Error); the error's text in one line only.
        var shown = Shown(logs);
        var loud = shown.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.Collection(
            loud,
            step =>
            {
                Assert.Equal(LogLevel.Warning, step.Level);
                Assert.Equal($"Cancel-all {id} target USDT-FUTURES: step cancel-orders failed (ExchangeUnavailable HTTP 503): {error.GetProperty("message").GetString()}", step.Message);
                Assert.Equal(id, step.ScopeValue("CorrelationId"));
                Assert.Equal("USDT-FUTURES", step.ScopeValue("Target"));
            },
            summary =>
            {
                Assert.Equal(LogLevel.Error, summary.Level);
                Assert.StartsWith($"Cancel-all outcome {id}: Failed from http for account main on USDT-FUTURES, scope orders; {outcome.GetProperty("headline").GetString()}; ", summary.Message, StringComparison.Ordinal);
                Assert.EndsWith("1 retries, error ExchangeUnavailable, code HTTP 503", summary.Message, StringComparison.Ordinal);
            });
        Assert.Single(shown, e => e.Message.Contains(error.GetProperty("message").GetString()!, StringComparison.Ordinal));

        // A one-step scope has no progress lines: its target line says it all.
        Assert.DoesNotContain(shown, e => e.Message.Contains(": step cancel-orders started", StringComparison.Ordinal));
        Assert.Single(shown, e => e.Message.StartsWith($"Cancel-all {id} target USDT-FUTURES: Failed", StringComparison.Ordinal));
        AssertNoSecret(app, logs);
    }

    /// <summary>The lines the app shows at its default level (Information).</summary>
    private static List<LogEntry> Shown(CapturingLoggerProvider logs) => logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();

    private static void AssertNoSecret(LiveApp app, CapturingLoggerProvider logs) =>
        SecretScan.AssertNoSecrets(
            logs.Entries.SelectMany(e => e.Scope.Select(s => $"{s.Key}={s.Value}").Append(e.Message).Append(e.Exception?.ToString() ?? string.Empty)),
            LiveApp.Secret,
            app.Account.Secret,
            app.Account.Passphrase);

    private static async Task<JsonDocument> Post(LiveApp app, string body)
    {
        var headers = new Dictionary<string, string> { ["X-Webhook-Secret"] = LiveApp.Secret };
        var response = (TestResponse)await app.Function<CancelAllHttp>().RunAsync(TestHttp.Request("POST", "https://func.example/api/cancel-all", body, headers));
        return JsonDocument.Parse(response.Text);
    }
}
