using System.Collections.Specialized;
using System.Net;
using System.Security.Claims;
using System.Text;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Functions.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace CancelAll.Functions.Tests;

/// <summary>The functions only map trigger input to the core and back; these check the mapping with the real core behind it.</summary>
public class AdapterTests
{
    private const string Secret = "adapter-secret-0123456789";

    // The exchange is a closed port on 127.0.0.1: whatever reaches it fails fast, and nothing leaves the machine.
    private static ServiceProvider Core() =>
        new ServiceCollection()
            .AddLogging()
            .AddBitgetExchange(Configuration)
            .AddCancelAllWorkflow(Configuration)
            .AddCancelAllInputs(Configuration)
            .AddSingleton<ICredentialsProvider>(new FixedCredentialsProvider("main", new ApiCredentials("bg_adapter_key", "adapter-hmac-secret", "adapter-pass")))
            .BuildServiceProvider();

    private static IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["CancelAll:Exchange:BaseUrl"] = "http://127.0.0.1:9/",
        ["CancelAll:Exchange:MaxRetries"] = "0",
        ["CancelAll:Webhook:Secrets"] = Secret,
        ["CancelAll:Webhook:MaxBodyBytes"] = "1024",
    }).Build();

    [Fact]
    public async Task Http_function_answers_401_as_json_without_a_secret()
    {
        using var core = Core();
        var function = new CancelAllHttp(core.GetRequiredService<WebhookHandler>(), core.GetRequiredService<IOptions<WebhookOptions>>());

        var response = (TestResponse)await function.RunAsync(Request("""{"productType":"USDT-FUTURES"}""", []));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"status":"Unauthorized"}""", response.Text);
        Assert.Equal(WebhookResponse.ContentType, response.Headers.GetValues("Content-Type").Single());
    }

    [Fact]
    public async Task Http_function_reads_no_more_than_the_limit_and_answers_413()
    {
        using var core = Core();
        var function = new CancelAllHttp(core.GetRequiredService<WebhookHandler>(), core.GetRequiredService<IOptions<WebhookOptions>>());
        var response = (TestResponse)await function.RunAsync(Request(new string('x', 4096), new() { ["X-Webhook-Secret"] = Secret }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Queue_function_completes_a_bad_message_and_throws_for_a_transient_failure()
    {
        using var core = Core();
        var function = new CancelRequestsFromServiceBus(core.GetRequiredService<QueueHandler>());
        var context = Context(new Dictionary<string, object?> { ["MessageId"] = "m-1", ["DeliveryCount"] = "1" });

        await function.RunAsync("not json", context); // rejected and completed: no exception
        var e = await Assert.ThrowsAsync<RedeliveryRequestedException>(() => function.RunAsync("""{"version":1,"account":"main","productType":"USDT-FUTURES"}""", context));

        Assert.Equal(OutcomeStatus.Failed, e.Outcome!.Status);
        Assert.Equal(OutcomeErrorKind.ExchangeUnavailable, e.Outcome.Targets.Single().Error!.Kind);
    }

    private static FunctionContext Context(IReadOnlyDictionary<string, object?> bindingData)
    {
        var binding = new Mock<BindingContext>();
        binding.SetupGet(b => b.BindingData).Returns(bindingData);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.BindingContext).Returns(binding.Object);
        return context.Object;
    }

    private static HttpRequestData Request(string body, Dictionary<string, string> headers)
    {
        var context = Context(new Dictionary<string, object?>());
        var request = new Mock<HttpRequestData>(context);
        request.SetupGet(r => r.Body).Returns(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        var collection = new HttpHeadersCollection();
        foreach (var (name, value) in headers)
        {
            collection.Add(name, value);
        }

        request.SetupGet(r => r.Headers).Returns(collection);
        request.SetupGet(r => r.Query).Returns(new NameValueCollection());
        request.SetupGet(r => r.Url).Returns(new Uri("https://func.example/api/cancel-all"));
        request.SetupGet(r => r.Identities).Returns(Array.Empty<ClaimsIdentity>());
        request.Setup(r => r.CreateResponse()).Returns(() => new TestResponse(context));
        return request.Object;
    }

    private sealed class TestResponse(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }

        public override HttpHeadersCollection Headers { get; set; } = new();

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies => throw new NotSupportedException();

        public string Text => Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());
    }
}
