using Azure.Core.Pipeline;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Loopback;
using CancelAll.Core.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Contract;

/// <summary>
/// The queue path end to end: the real queue handler runs the command against the test exchange, and the real
/// publisher and Service Bus sender post the reply to a loopback Service Bus; the posted body is validated.
/// </summary>
public sealed class QueueReplyContractTests : IAsyncLifetime
{
    private LoopbackServer serviceBus = null!;

    public async Task InitializeAsync() =>
        serviceBus = await LoopbackServer.StartAsync((context, _) => { context.Response.StatusCode = StatusCodes.Status201Created; return Task.CompletedTask; }, https: true);

    public async Task DisposeAsync() => await serviceBus.DisposeAsync();

    [Theory]
    [MemberData(nameof(ContractCases.Names), MemberType = typeof(ContractCases))]
    public async Task The_queue_reply_body_matches_the_schema_and_says_what_happened(string name)
    {
        await using var harness = await ContractHarness.StartAsync(name, services => services.AddSingleton<IReplySender>(Sender()));
        var message = new QueueMessage(ContractCases.Body(name), "req-" + name, null, null, null, 1);

        var result = await harness.Get<QueueHandler>().HandleAsync(message, default);

        Assert.Equal(QueueDisposition.Complete, result.Disposition);
        var posted = Assert.Single(serviceBus.Requests);
        var document = OutcomeSchema.AssertValid(posted.Body);
        ContractCases.AssertSays(name, document);
        Assert.Equal("req-" + name, document.Text("requestMessageId"));
        Assert.Equal("queue", document.Text("source"));
    }

    private ServiceBusReplySender Sender() => new(
        Options.Create(new ReplyOptions
        {
            Endpoint = serviceBus.BaseUri,
            Transport = new HttpClientTransport(serviceBus.CreateHandler()),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            NetworkTimeout = TimeSpan.FromSeconds(5),
        }),
        new FakeTokenCredential("fake-sb-token-contract"),
        NullLogger<ServiceBusReplySender>.Instance);
}
