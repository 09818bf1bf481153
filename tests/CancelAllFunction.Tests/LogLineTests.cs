using CancelAll.Core.Tests.Support;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace CancelAll.Functions.Tests;

/// <summary>What an operator reads in the log: no line may say "(null)" where a value is absent.</summary>
public class LogLineTests
{
    [Fact]
    public async Task Representative_successes_and_failures_log_no_null_placeholder_and_no_secret()
    {
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?>
        {
            ["CancelAll:Schedule:Jobs"] = """[{"name":"close","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"16:00","timeZone":"America/New_York","days":"daily"}]""",
            ["CancelAll:Exchange:MaxRetries"] = "0",
        };
        var time = new ShiftedTimeProvider(new DateTimeOffset(2026, 12, 1, 21, 0, 30, TimeSpan.Zero));
        await using var app = await LiveApp.StartAsync(settings, time, logs);
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 1);
        var secret = new Dictionary<string, string> { ["X-Webhook-Secret"] = LiveApp.Secret };

        // Succeeded; rejected (bad field, unknown account); unauthorized; over the size limit; the exchange down.
        await Post(app, """{"productType":"USDT-FUTURES"}""", secret);
        await Post(app, """{"productType":"SPOT"}""", secret);
        await Post(app, """{"account":"nobody","productType":"USDT-FUTURES"}""", secret);
        await Post(app, """{"productType":"USDT-FUTURES"}""", []);
        app.Exchange.Faults.FailNext(5, System.Net.HttpStatusCode.ServiceUnavailable);
        await Post(app, """{"productType":"USDC-FUTURES"}""", secret);

        // A timer run with no previous run known, and an unhealthy probe.
        await app.Function<FlattenTimer>().RunAsync(new TimerInfo { IsPastDue = true });
        var context = TestHttp.Context();
        await app.Function<Health>().RunAsync(TestHttp.Request("GET", "https://func.example/api/health", context: context), context);

        var lines = logs.ShownLines.Where(l => l.Contains(" CancelAll.", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 8, string.Join(Environment.NewLine, lines));
        Assert.All(lines, line => Assert.DoesNotContain("(null)", line, StringComparison.Ordinal));

        // Nor a secret: the webhook secret, the API secret or the passphrase, in any line of any category.
        Assert.All(logs.ShownLines, line =>
        {
            Assert.DoesNotContain(LiveApp.Secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Account.Secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Account.Passphrase, line, StringComparison.Ordinal);
        });
    }

    private static async Task Post(LiveApp app, string body, Dictionary<string, string> headers) =>
        await app.Function<CancelAllHttp>().RunAsync(TestHttp.Request("POST", "https://func.example/api/cancel-all", body, headers));
}
