using CancelAll.Core.Input.Queue;
using Microsoft.Azure.Functions.Worker;

namespace CancelAll.Functions.Functions;

/// <summary>Service Bus requests from other workflows, with request/reply.</summary>
public sealed class CancelRequestsFromServiceBus(QueueHandler handler)
{
    // AutoCompleteMessages = true: a normal return completes the message; the exception below abandons it, so that
    // Service Bus delivers it again (and dead-letters it after the queue's maxDeliveryCount).
    [Function("CancelRequests")]
    public async Task RunAsync(
        [ServiceBusTrigger("%CancelRequestsQueue%", Connection = "ServiceBusConnection", AutoCompleteMessages = true)] string body,
        FunctionContext context)
    {
        var message = QueueMessage.FromBindingData(body, context.BindingContext.BindingData);
        var result = await handler.HandleAsync(message, CancellationToken.None);
        if (result.Disposition == QueueDisposition.Redeliver)
        {
            throw new RedeliveryRequestedException(result.Outcome);
        }
    }
}
