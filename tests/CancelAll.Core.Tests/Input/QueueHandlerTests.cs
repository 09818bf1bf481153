using System.Net;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Input;

public class QueueHandlerTests
{
    private static QueueMessage Message(string body, int deliveryCount = 1) =>
        new(body, "msg-0001", "corr-0001", "cancel-replies", "session-7", deliveryCount);

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"version":1,"productTypes":["SPOT"]}""")]
    [InlineData("""{"version":1,"account":"Not Valid"}""")]
    [InlineData("""{"version":1,"productType":"USDT-FUTURES"}""")]
    public async Task A_message_that_can_never_succeed_is_rejected_and_completed(string body)
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var result = await harness.Get<QueueHandler>().HandleAsync(Message(body), default);
        Assert.Equal(OutcomeStatus.Rejected, result.Outcome.Status);
        Assert.Equal(QueueDisposition.Complete, result.Disposition);
        Assert.Equal("corr-0001", result.Outcome.CorrelationId);
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task Transient_failure_is_handed_back_then_the_redelivery_succeeds()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Exchange:MaxRetries"] = "1" });
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        harness.Exchange.Faults.FailNext(2, HttpStatusCode.ServiceUnavailable);
        var handler = harness.Get<QueueHandler>();
        const string body = """{"version":1,"account":"main","productTypes":["USDT-FUTURES"]}""";

        var first = await handler.HandleAsync(Message(body, deliveryCount: 1), default);
        var second = await handler.HandleAsync(Message(body, deliveryCount: 2), default);

        Assert.Equal((OutcomeStatus.Failed, QueueDisposition.Redeliver), (first.Outcome.Status, first.Disposition));
        Assert.Equal((OutcomeStatus.Succeeded, QueueDisposition.Complete), (second.Outcome.Status, second.Disposition));
        Assert.Equal(2, second.Outcome.CancelledCount);
    }

    [Fact]
    public async Task Last_delivery_records_the_failure_and_dead_letters_it_with_the_reason()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CancelAll:Exchange:MaxRetries"] = "0",
            ["CancelAll:Queue:MaxDeliveryCount"] = "3",
        });
        harness.Exchange.Faults.FailNext(10, HttpStatusCode.BadGateway);
        var result = await harness.Get<QueueHandler>().HandleAsync(Message("""{"version":1,"account":"main","productType":"USDT-FUTURES"}""", deliveryCount: 3), default);
        Assert.Equal(OutcomeStatus.Failed, result.Outcome.Status);
        Assert.Equal(QueueDisposition.DeadLetter, result.Disposition);
        Assert.StartsWith("ExchangeUnavailable: ", result.DeadLetterReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permanent_exchange_failure_is_not_redelivered()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(1, HttpStatusCode.BadRequest, "40014");
        var result = await harness.Get<QueueHandler>().HandleAsync(Message("""{"version":1,"account":"main","productType":"USDT-FUTURES"}"""), default);
        Assert.Equal(OutcomeStatus.Failed, result.Outcome.Status);
        Assert.Equal(QueueDisposition.Complete, result.Disposition);
    }
}
