using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CancelAll.Core.Tests.Input;

/// <summary>Every trigger's outcome reaches the reply sender; a lost reply redelivers a queue request and nothing else.</summary>
public class PublishingTests
{
    private static async Task<(ExchangeHarness Harness, List<(CancelAllReply Reply, ReplyContext Context)> Sent)> StartAsync(ReplySendStatus status, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var sent = new List<(CancelAllReply, ReplyContext)>();
        var sender = new Mock<IReplySender>();
        sender.Setup(s => s.SendAsync(It.IsAny<CancelAllReply>(), It.IsAny<ReplyContext>(), It.IsAny<CancellationToken>()))
            .Callback<CancelAllReply, ReplyContext, CancellationToken>((r, c, _) => { lock (sent) { sent.Add((r, c)); } })
            .ReturnsAsync((CancelAllReply _, ReplyContext c, CancellationToken _) => new ReplySendResult(status, "cancel-replies", ReplyMessageIds.For(c), status == ReplySendStatus.Failed ? "HTTP 503" : null, status == ReplySendStatus.Failed ? 503 : 201, 1));
        var harness = await ExchangeHarness.StartAsync(settings: settings, configure: s =>
        {
            s.AddSingleton(sender.Object);
            if (time is not null)
            {
                s.AddSingleton(time);
            }
        });
        return (harness, sent);
    }

    [Fact]
    public async Task A_queue_request_whose_reply_is_lost_is_handed_back_and_its_reply_id_stays_the_same()
    {
        var (harness, sent) = await StartAsync(ReplySendStatus.Failed);
        await using var _ = harness;
        var message = new QueueMessage("""{"version":1,"account":"main","productType":"USDT-FUTURES"}""", "req-42", null, "cancel-replies", "session-9", 1);

        var first = await harness.Get<QueueHandler>().HandleAsync(message, default);
        var second = await harness.Get<QueueHandler>().HandleAsync(message with { DeliveryCount = 2 }, default);

        Assert.Equal(QueueDisposition.Redeliver, first.Disposition);
        Assert.Equal(OutcomeStatus.NothingToCancel, first.Outcome.Status);
        Assert.Equal(2, sent.Count);
        Assert.Equal(ReplyMessageIds.For(sent[0].Context), ReplyMessageIds.For(sent[1].Context));
        Assert.Equal(("req-42", "session-9"), (sent[0].Context.ReplyCorrelationId, sent[0].Context.ReplyToSessionId));
        Assert.Equal(QueueDisposition.Redeliver, second.Disposition);
    }

    [Fact]
    public async Task A_rejected_queue_request_is_replied_to()
    {
        var (harness, sent) = await StartAsync(ReplySendStatus.Sent);
        await using var _ = harness;
        var result = await harness.Get<QueueHandler>().HandleAsync(new QueueMessage("{oops", "req-bad", null, null, null, 1), default);
        Assert.Equal(QueueDisposition.Complete, result.Disposition);
        Assert.Equal("Rejected", Assert.Single(sent).Reply.Status);
    }

    [Fact]
    public async Task A_lost_reply_never_changes_the_webhook_answer()
    {
        var (harness, sent) = await StartAsync(ReplySendStatus.Failed);
        await using var _ = harness;
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 1);
        var response = await harness.Get<WebhookHandler>().HandleAsync(
            new WebhookRequest("""{"productType":"USDT-FUTURES"}""", new Dictionary<string, string>(), new Dictionary<string, string> { ["X-Webhook-Secret"] = ExchangeHarness.WebhookSecret }, null), default);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("http", Assert.Single(sent).Reply.Source);
    }

    [Fact]
    public async Task Unauthorized_webhooks_are_recorded_too()
    {
        var (harness, sent) = await StartAsync(ReplySendStatus.Sent);
        await using var _ = harness;
        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest("{}", new Dictionary<string, string>(), new Dictionary<string, string>(), null), default);
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Rejected", Assert.Single(sent).Reply.Status);
    }

    [Fact]
    public async Task Each_scheduled_flatten_is_replied_to_with_the_session_correlation_id()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 21, 0, 30, TimeSpan.Zero));
        var (harness, sent) = await StartAsync(
            ReplySendStatus.Sent,
            new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = """[{"name":"us","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"16:00","timeZone":"America/New_York"}]""" },
            clock);
        await using var _ = harness;
        await harness.Get<ScheduleHandler>().RunAsync(null, false, default);
        var (reply, context) = Assert.Single(sent);
        Assert.Equal("flatten-us-main-20261123T2100Z", context.ReplyCorrelationId);
        Assert.Equal("timer", reply.Source);
    }
}
