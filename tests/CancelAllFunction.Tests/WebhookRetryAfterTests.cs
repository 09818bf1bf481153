using System.Net;
using System.Text.Json;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;

namespace CancelAll.Functions.Tests;

/// <summary>The HTTP function passes the webhook's Retry-After on: a transient failure is 503 with the header, a permanent one 422 without.</summary>
public class WebhookRetryAfterTests
{
    [Fact]
    public async Task A_transient_exchange_failure_answers_503_with_retry_after()
    {
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?> { ["CancelAll:Webhook:RetryAfter"] = "00:00:07" });
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 1);
        app.Exchange.Faults.FailNext(20, HttpStatusCode.ServiceUnavailable);

        var response = await PostAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("Failed", JsonDocument.Parse(response.Text).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_permanent_exchange_failure_answers_422_without_retry_after()
    {
        await using var app = await LiveApp.StartAsync();
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 1);
        app.Exchange.Faults.FailNext(20, HttpStatusCode.BadRequest, "40014", "Incorrect permissions");

        var response = await PostAsync(app);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
    }

    private static async Task<TestResponse> PostAsync(LiveApp app)
    {
        var request = TestHttp.Request("POST", "https://func.example/api/cancel-all", """{"productType":"USDT-FUTURES"}""", new Dictionary<string, string> { ["X-Webhook-Secret"] = LiveApp.Secret });
        return (TestResponse)await app.Function<CancelAllHttp>().RunAsync(request);
    }
}
