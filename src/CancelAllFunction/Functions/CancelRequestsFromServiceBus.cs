using CancelAll.Core.Input.Queue;
using Microsoft.Azure.Functions.Worker;

namespace CancelAll.Functions.Functions;

/// <summary>Service Bus requests from other workflows, with request/reply.</summary>
public sealed class CancelRequestsFromServiceBus(QueueHandler handler)
{
    // AutoCompleteMessages = true: a normal return completes the message; the exception below abandons it, so that
    // Service Bus delivers it again. On the last delivery (DeliveryCount = the queue's maxDeliveryCount, which one infra
    // parameter also feeds to CancelAll__Queue__MaxDeliveryCount) abandoning makes Service Bus dead-letter it
    // (MaxDeliveryCountExceeded); the failure reply, the log line and the telemetry event carry the reason.
    [Function("CancelRequests")]
    public async Task RunAsync(
        [ServiceBusTrigger("%CancelRequestsQueue%", Connection = "ServiceBusConnection", AutoCompleteMessages = true)] string body,
        FunctionContext context)
    {
        var message = QueueMessage.FromBindingData(body, context.BindingContext.BindingData);
        var result = await handler.HandleAsync(message, CancellationToken.None);
        if (result.Disposition is QueueDisposition.Redeliver or QueueDisposition.DeadLetter)
        {
            throw new RedeliveryRequestedException(result.Outcome);
        }
    }
}
