using CancelAll.Core.Input.Queue;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Contract;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Faults;

/// <summary>
/// The fault matrix through the queue: the core's queue-message handler, as the Service Bus function calls it, with
/// the real reply sender posting to the fake Service Bus. A transient failure is handed back while deliveries remain;
/// on the last delivery it gets its failure reply and is dead-lettered.
/// </summary>
public class QueueFaultTests
{
    private const string Body = """{"version":1,"account":"main","productType":"USDT-FUTURES"}""";

    public static TheoryData<string> Cases => FaultCase.For(sendsReplies: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_fault_gets_its_acknowledgement_and_reply(string name)
    {
        var fault = FaultCase.Named(name);
        await using var rig = await FaultRig.StartAsync(fault);
        var handler = rig.Harness.Get<QueueHandler>();
        var messageId = "req-" + name.Replace(' ', '-');

        var first = await handler.HandleAsync(new QueueMessage(Body, messageId, null, null, null, DeliveryCount: 1), default);

        var expectedFirst = fault.Expected.Queue == QueueVerdict.Complete ? QueueDisposition.Complete : QueueDisposition.Redeliver;
        Assert.Equal(expectedFirst, first.Disposition);
        FaultAssert.Outcome(first.Outcome, fault);
        var reply = Assert.Single(rig.ServiceBus.Posted.Distinct());
        var document = FaultAssert.Document(reply, fault, "queue");
        Assert.Equal(messageId, document.Text("requestMessageId"));
        FaultAssert.Telemetry(rig, fault, first.Outcome.CorrelationId);

        if (fault.Expected.Queue == QueueVerdict.RedeliverThenDeadLetter)
        {
            var last = await handler.HandleAsync(new QueueMessage(Body, messageId, null, null, null, DeliveryCount: FaultRig.MaxDeliveryCount), default);

            Assert.Equal(QueueDisposition.DeadLetter, last.Disposition);
            FaultAssert.Outcome(last.Outcome, fault);
            var failureReply = FaultAssert.Document(rig.ServiceBus.Posted[^1], fault, "queue");
            Assert.Equal(OutcomeStatus.Failed.ToString(), failureReply.Text("status"));
            Assert.Equal(messageId, failureReply.Text("requestMessageId"));
        }

        FaultAssert.Exchange(rig, fault);
        SecretScan.AssertNoSecrets(rig.ServiceBus.Posted, rig.Credentials.Secret, rig.Credentials.Passphrase);
    }
}
