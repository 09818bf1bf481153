using System.Text.Json.Nodes;
using CancelAll.Core.Replies;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace CancelAll.Core.Tests.Replies;

public sealed class OutcomePublisherTests : IDisposable
{
    private readonly CapturingLoggerProvider logs = new();
    private readonly Mock<IReplySender> sender = new(MockBehavior.Strict);
    private readonly ServiceProvider services;

    public OutcomePublisherTests()
    {
        services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddCancelAllTelemetry()
            .AddSingleton(sender.Object)
            .AddSingleton<OutcomePublisher>()
            .BuildServiceProvider();
    }

    private OutcomePublisher Publisher => services.GetRequiredService<OutcomePublisher>();

    [Fact]
    public async Task Telemetry_is_recorded_before_the_reply_is_sent()
    {
        var eventsWhenSending = -1;
        sender.Setup(s => s.SendAsync(It.IsAny<CancelAllReply>(), It.IsAny<ReplyContext>(), It.IsAny<CancellationToken>()))
            .Callback(() => eventsWhenSending = logs.Lines.Count(l => l.Contains(CancelAllTelemetry.OutcomeEventName, StringComparison.Ordinal)))
            .ReturnsAsync((CancelAllReply r, ReplyContext c, CancellationToken _) => new ReplySendResult(ReplySendStatus.Sent, "cancel-replies", ReplyMessageIds.For(c), null, 201, 1));

        var result = await Publisher.PublishAsync(TestOutcomes.Succeeded(), ReplyContext.ForQueue("req-1", "corr-succeeded"), CancellationToken.None);

        Assert.False(result.MustRedeliver);
        Assert.Equal(ReplySendStatus.Sent, result.Reply.Status);
        Assert.True(eventsWhenSending >= 1, "the outcome event must be recorded before the reply is sent");
        result.ThrowIfMustRedeliver();
    }

    [Fact]
    public async Task A_lost_reply_to_a_queue_request_is_handed_back_for_redelivery_and_recorded_as_an_error()
    {
        sender.Setup(s => s.SendAsync(It.IsAny<CancelAllReply>(), It.IsAny<ReplyContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CancelAllReply r, ReplyContext c, CancellationToken _) => new ReplySendResult(ReplySendStatus.Failed, "cancel-replies", ReplyMessageIds.For(c), "Service Bus was unavailable (HTTP 503) after 4 attempt(s).", 503, 4));

        var result = await Publisher.PublishAsync(TestOutcomes.Succeeded(), ReplyContext.ForQueue("req-2", "corr-succeeded"), CancellationToken.None);

        Assert.True(result.MustRedeliver);
        var thrown = Assert.Throws<ReplyFailedException>(result.ThrowIfMustRedeliver);
        Assert.Same(result.Reply, thrown.Result);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(CancelAllTelemetry.ReplyFailedEventName, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Reply LOST", StringComparison.Ordinal) && l.Contains("redelivery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lost_reply_for_http_or_timer_lets_the_run_complete_but_leaves_a_record()
    {
        sender.Setup(s => s.SendAsync(It.IsAny<CancelAllReply>(), It.IsAny<ReplyContext>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("boom"));

        var http = await Publisher.PublishAsync(TestOutcomes.PartiallyFailed(), ReplyContext.ForHttp("corr-partial"), CancellationToken.None);
        var timer = await Publisher.PublishAsync(TestOutcomes.Succeeded("t-1", "timer"), ReplyContext.ForTimer("t-1"), CancellationToken.None);

        Assert.False(http.MustRedeliver);
        Assert.False(timer.MustRedeliver);
        Assert.Equal(ReplySendStatus.Failed, http.Reply.Status);
        Assert.Contains("InvalidOperationException", http.Reply.Reason, StringComparison.Ordinal);
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("Reply LOST", StringComparison.Ordinal) && l.Contains("the outcome stands", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_reply_carries_the_outcome_in_schema_v2_with_every_v1_field_in_order()
    {
        CancelAllReply? sent = null;
        sender.Setup(s => s.SendAsync(It.IsAny<CancelAllReply>(), It.IsAny<ReplyContext>(), It.IsAny<CancellationToken>()))
            .Callback((CancelAllReply r, ReplyContext _, CancellationToken _) => sent = r)
            .ReturnsAsync(ReplySendResult.Disabled("cancel-replies", "x"));

        await Publisher.PublishAsync(TestOutcomes.PartiallyFailed(), ReplyContext.ForHttp("corr-partial"), CancellationToken.None);

        var json = JsonNode.Parse(ReplyJsonContext.Serialize(sent!))!.AsObject();
        Assert.Equal(
            ["schema", "headline", "correlationId", "source", "account", "status", "dryRun", "startedAt", "finishedAt", "durationMs", "cancelledCount", "failedCount", "targets"],
            json.Select(p => p.Key).ToArray());
        Assert.Equal("cancel-all.outcome/v2", json["schema"]!.GetValue<string>());
        Assert.Equal(950, json["durationMs"]!.GetValue<double>());
        Assert.Equal(1, json["failedCount"]!.GetValue<int>());
        var target = json["targets"]![0]!.AsObject();
        Assert.Equal(
            ["productType", "marginCoin", "environment", "status", "cancelledCount", "failedCount", "cancelled", "failed", "error", "attempts", "rateLimitWaitMs", "durationMs"],
            target.Select(p => p.Key).ToArray());
        Assert.Equal("22002", target["failed"]![0]!["errorCode"]!.GetValue<string>());
        Assert.Equal("OrdersNotCancelled", target["error"]!["kind"]!.GetValue<string>());
        var rejected = JsonNode.Parse(ReplyJsonContext.Serialize(ReplyMapper.ToReply(TestOutcomes.Rejected(), ReplyContext.ForQueue("m-9", "corr-rejected"))))!;
        Assert.Equal("BadInput", rejected["error"]!["kind"]!.GetValue<string>());
        Assert.Equal("m-9", rejected["requestMessageId"]!.GetValue<string>());
    }

    public void Dispose()
    {
        services.Dispose();
        logs.Dispose();
    }
}
