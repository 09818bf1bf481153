using System.Net;
using System.Text.Json;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;

namespace CancelAll.Functions.Tests;

/// <summary>The HTTP functions through the worker's HttpRequestData and FunctionContext: status, headers, body.</summary>
public class HttpFunctionTests
{
    private const string Url = "https://func.example/api/cancel-all";

    [Fact]
    public async Task CancelAll_cancels_through_the_signed_client_and_answers_200_with_the_outcome()
    {
        await using var app = await LiveApp.StartAsync();
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 2);

        var response = await Post(app, """{"productType":"USDT-FUTURES","reason":"drawdown"}""", new() { ["X-Webhook-Secret"] = LiveApp.Secret });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebhookResponse.ContentType, response.Header("Content-Type"));
        var outcome = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal("Succeeded", outcome.GetProperty("status").GetString());
        Assert.Equal("http", outcome.GetProperty("source").GetString());
        Assert.Empty(app.Exchange.Book(app.Account.ApiKey).OpenOrders);
        Assert.Contains(app.Exchange.Received, r => r.Method == "POST" && r.Path.Contains("cancel-all-orders", StringComparison.Ordinal));
        Assert.DoesNotContain(LiveApp.Secret, response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelAll_without_the_secret_answers_401_and_sends_nothing()
    {
        await using var app = await LiveApp.StartAsync();
        var response = await Post(app, """{"productType":"USDT-FUTURES"}""", []);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(response.Text);
        Assert.Equal("Unauthorized", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(32, body.RootElement.GetProperty("correlationId").GetString()!.Length);
        Assert.Equal("Unauthorized", body.RootElement.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(WebhookResponse.ContentType, response.Header("Content-Type"));
        Assert.Empty(app.Exchange.Received);
    }

    [Fact]
    public async Task CancelAll_with_a_bad_field_answers_400_naming_it()
    {
        await using var app = await LiveApp.StartAsync();
        var response = await Post(app, """{"productType":"SPOT"}""", new() { ["X-Webhook-Secret"] = LiveApp.Secret });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal("Rejected", outcome.GetProperty("status").GetString());
        Assert.Contains("productType", outcome.GetProperty("error").GetProperty("code").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(app.Exchange.Received);
    }

    [Fact]
    public async Task CancelAll_reads_no_more_than_the_limit_and_answers_413()
    {
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?> { ["CancelAll:Webhook:MaxBodyBytes"] = "1024" });
        var response = await Post(app, new string('x', 4096), new() { ["X-Webhook-Secret"] = LiveApp.Secret });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(app.Exchange.Received);
    }

    [Fact]
    public async Task Health_answers_200_with_every_check_when_all_is_well()
    {
        await using var app = await LiveApp.StartAsync();
        var response = await Health(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        var report = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal(["configuration", "vault", "exchange", "accounts"], report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Contains(app.Exchange.Received, r => r.Path == "/api/v2/public/time");
    }

    [Fact]
    public async Task Health_answers_503_naming_the_vault_when_it_cannot_be_reached()
    {
        // A vault on a closed port of 127.0.0.1: every attempt fails to connect, and the SDK gives up after its retries.
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?>
        {
            ["CancelAll:KeyVault:VaultUri"] = "https://127.0.0.1:9/",
            ["CancelAll:KeyVault:RetryMaxRetries"] = "1",
            ["CancelAll:KeyVault:RetryDelay"] = "00:00:00.010",
        });

        var response = await Health(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var report = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal("Unhealthy", checks["vault"].GetProperty("status").GetString());
        Assert.Contains("127.0.0.1", checks["vault"].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks["exchange"].GetProperty("status").GetString());
    }

    private static async Task<TestResponse> Post(LiveApp app, string body, Dictionary<string, string> headers)
    {
        var request = TestHttp.Request("POST", Url, body, headers);
        return (TestResponse)await app.Function<CancelAllHttp>().RunAsync(request);
    }

    private static async Task<TestResponse> Health(LiveApp app)
    {
        var context = TestHttp.Context();
        var request = TestHttp.Request("GET", "https://func.example/api/health", context: context);
        return (TestResponse)await app.Function<Health>().RunAsync(request, context);
    }
}
