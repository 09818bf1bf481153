using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace CancelAll.Functions.Tests.Support;

/// <summary>The worker's HTTP and context types at the seams a test can reach: abstract classes, mocked with Moq.</summary>
internal static class TestHttp
{
    public static FunctionContext Context(IReadOnlyDictionary<string, object?>? bindingData = null, IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        var binding = new Mock<BindingContext>();
        binding.SetupGet(b => b.BindingData).Returns(bindingData ?? new Dictionary<string, object?>());
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.BindingContext).Returns(binding.Object);
        context.SetupGet(c => c.CancellationToken).Returns(cancellationToken);
        context.SetupGet(c => c.InvocationId).Returns("invocation-1");
        context.SetupGet(c => c.FunctionId).Returns("function-1");
        if (services is not null)
        {
            context.SetupProperty(c => c.InstanceServices, services);
        }

        return context.Object;
    }

    public static HttpRequestData Request(
        string method,
        string url,
        string body = "",
        IReadOnlyDictionary<string, string>? headers = null,
        FunctionContext? context = null)
    {
        context ??= Context();
        var request = new Mock<HttpRequestData>(context);
        var collection = new HttpHeadersCollection();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            collection.Add(name, value);
        }

        var uri = new Uri(url);
        request.SetupGet(r => r.Method).Returns(method);
        request.SetupGet(r => r.Body).Returns(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        request.SetupGet(r => r.Headers).Returns(collection);
        request.SetupGet(r => r.Query).Returns(System.Web.HttpUtility.ParseQueryString(uri.Query));
        request.SetupGet(r => r.Url).Returns(uri);
        request.SetupGet(r => r.Identities).Returns(Array.Empty<ClaimsIdentity>());
        request.Setup(r => r.CreateResponse()).Returns(() => new TestResponse(context));
        return request.Object;
    }
}

/// <summary>A response the tests can read back: status, headers and the body as text.</summary>
internal sealed class TestResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = new();

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies => throw new NotSupportedException();

    public string Text => Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
