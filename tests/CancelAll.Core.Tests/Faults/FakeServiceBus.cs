using Azure.Core.Pipeline;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Loopback;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Support;

/// <summary>How the fake Service Bus answers a send.</summary>
public enum ServiceBusFault
{
    /// <summary>201 Created, as Service Bus accepts a message.</summary>
    None,

    /// <summary>503 Service Unavailable on every attempt.</summary>
    Unavailable,

    /// <summary>No answer until the client gives up.</summary>
    Hang,
}

/// <summary>
/// The Service Bus REST send endpoint on the loopback HTTPS server, with a switchable fault, and the real reply sender
/// pointed at it with short timeouts. Every posted body is recorded, also the ones answered with a fault.
/// </summary>
internal sealed class FakeServiceBus : IAsyncDisposable
{
    public const string Token = "fake-sb-token-faults-7c41";

    private LoopbackServer server = null!;

    public ServiceBusFault Fault { get; set; }

    /// <summary>The bodies posted so far, in order.</summary>
    public IReadOnlyList<string> Posted => server.Requests.Where(r => r.Method == HttpMethods.Post).Select(r => r.Body).ToList();

    public static async Task<FakeServiceBus> StartAsync()
    {
        var bus = new FakeServiceBus();
        bus.server = await LoopbackServer.StartAsync((context, _) => bus.AnswerAsync(context), https: true);
        return bus;
    }

    /// <summary>
    /// The production sender: bounded retries (1 retry, 2 s per attempt, 5 s per send). Each rig's first reply opens a
    /// fresh TLS connection, which 2 s per attempt leaves room for on a loaded machine; only the hung fault may time out.
    /// </summary>
    public ServiceBusReplySender CreateSender(ILoggerFactory loggers) => new(
        Options.Create(new ReplyOptions
        {
            Endpoint = server.BaseUri,
            Transport = new HttpClientTransport(server.CreateHandler()),
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            NetworkTimeout = TimeSpan.FromSeconds(2),
            SendTimeout = TimeSpan.FromSeconds(5),
        }),
        new FakeTokenCredential(Token),
        loggers.CreateLogger<ServiceBusReplySender>());

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task AnswerAsync(HttpContext context)
    {
        switch (Fault)
        {
            case ServiceBusFault.Unavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            case ServiceBusFault.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The sender gave up, as it should.
                }

                return;
            default:
                context.Response.StatusCode = StatusCodes.Status201Created;
                return;
        }
    }
}
