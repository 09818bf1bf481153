using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Hold;

/// <summary>
/// Schedules a repeat on the app's own request queue with the Service Bus REST API
/// (<c>POST https://{namespace}/{queue}/messages</c>, <c>BrokerProperties: {"MessageId", "ScheduledEnqueueTimeUtc"}</c>),
/// on the reply sender's pipeline: the same bearer token for <c>https://servicebus.azure.net/.default</c>, retries and
/// timeouts. Returns null when Service Bus took the message, else what went wrong, in words an operator can act on.
/// </summary>
public sealed class HoldScheduler
{
    /// <summary>The scheduled message's Label.</summary>
    public const string Label = "cancel-all.hold-repeat";

    private readonly HttpPipeline? pipeline;
    private readonly ReplyOptions replyOptions;
    private readonly string queue;

    internal HoldScheduler(IOptions<ReplyOptions> replyOptions, IOptions<HoldOptions> holdOptions, TokenCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(replyOptions);
        ArgumentNullException.ThrowIfNull(holdOptions);
        this.replyOptions = replyOptions.Value;
        queue = holdOptions.Value.Queue?.Trim() ?? string.Empty;
        if (holdOptions.Value.Enabled && this.replyOptions.Enabled && credential is not null)
        {
            pipeline = ServiceBusReplySender.BuildPipeline(this.replyOptions, credential);
        }
    }

    public async Task<string?> ScheduleAsync(HoldRepeat repeat, DateTimeOffset enqueueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repeat);
        if (pipeline is null)
        {
            return $"Holds are not configured: set {HoldOptions.Section}:Queue and {ReplyOptions.Section}:Namespace.";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(replyOptions.SendTimeout);
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(new Uri(replyOptions.BaseAddress!, Uri.EscapeDataString(queue) + "/messages"));
        request.Headers.Add(ServiceBusReplySender.BrokerPropertiesHeader, JsonSerializer.Serialize(
            new ScheduledBrokerProperties(repeat.MessageId, enqueueAt.UtcDateTime.ToString("R", CultureInfo.InvariantCulture), Label),
            ScheduledBrokerPropertiesJsonContext.Default.ScheduledBrokerProperties));
        request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
        request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(repeat.ToJson()));
        try
        {
            await pipeline.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Service Bus did not answer in time ({replyOptions.SendTimeout.TotalSeconds:0.#} s) when scheduling on queue {queue}.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the type: messages of network and identity failures may carry anything.
            return $"Scheduling on queue {queue} failed ({e.GetType().Name}): check the network path to Service Bus and the app's identity.";
        }

        return message.Response.Status switch
        {
            (int)HttpStatusCode.Created => null,
            (int)HttpStatusCode.Unauthorized => "Service Bus rejected the token (401): check the app's managed identity.",
            (int)HttpStatusCode.Forbidden => $"Service Bus refused the schedule (403): give the app's identity the Azure Service Bus Data Sender role on queue {queue}.",
            (int)HttpStatusCode.NotFound => $"Queue {queue} does not exist: fix {HoldOptions.Section}:Queue (the app's request queue).",
            var status => $"Service Bus answered HTTP {status} instead of 201 when scheduling on queue {queue}.",
        };
    }
}
