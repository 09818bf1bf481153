using System.ComponentModel.DataAnnotations;
using CancelAll.Core.Commands;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Queue;

/// <summary>Settings of the request queue. Section <c>CancelAll:Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "CancelAll:Queue";

    /// <summary>The request queue's maxDeliveryCount. On that delivery a transient failure gets its failure reply and is dead-lettered.</summary>
    [Range(1, 100)]
    public int MaxDeliveryCount { get; set; } = 5;
}

/// <summary>A Service Bus request as the trigger forwards it: the body plus the metadata request/reply needs.</summary>
public sealed record QueueMessage(string Body, string? MessageId, string? CorrelationId, string? ReplyTo, string? ReplyToSessionId, int DeliveryCount)
{
    /// <summary>
    /// Builds the message from the trigger's binding data (MessageId, CorrelationId, ReplyTo, ReplyToSessionId,
    /// DeliveryCount). Missing entries stay null; a delivery count that cannot be read counts as the first delivery.
    /// </summary>
    public static QueueMessage FromBindingData(string body, IReadOnlyDictionary<string, object?> bindingData)
    {
        ArgumentNullException.ThrowIfNull(bindingData);
        string? Text(string name) => bindingData.TryGetValue(name, out var value) && value?.ToString() is { Length: > 0 } text ? text.Trim('"') : null;
        var deliveries = int.TryParse(Text("DeliveryCount"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1;
        return new QueueMessage(body, Text("MessageId"), Text("CorrelationId"), Text("ReplyTo"), Text("ReplyToSessionId"), deliveries);
    }
}

/// <summary>Thrown by the queue trigger to hand a message back to Service Bus for redelivery. Carries no secret.</summary>
public sealed class RedeliveryRequestedException : Exception
{
    public RedeliveryRequestedException(CancelOutcome outcome)
        : base($"Cancel-all {outcome?.CorrelationId} ended {outcome?.Status}; handing the message back for redelivery.")
    {
        Outcome = outcome;
    }

    public RedeliveryRequestedException()
    {
    }

    public RedeliveryRequestedException(string message)
        : base(message)
    {
    }

    public RedeliveryRequestedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CancelOutcome? Outcome { get; }
}

public enum QueueDisposition
{
    /// <summary>Done, for good or for ever: complete the message.</summary>
    Complete,

    /// <summary>A transient failure with deliveries left: hand the message back so Service Bus delivers it again.</summary>
    Redeliver,

    /// <summary>
    /// A transient failure on the last delivery: its failure reply has been sent; the message goes to the dead-letter
    /// queue with <see cref="QueueResult.DeadLetterReason"/>, for someone to look at (it is not completed as if done).
    /// </summary>
    DeadLetter,
}

public sealed record QueueResult(CancelOutcome Outcome, QueueDisposition Disposition)
{
    /// <summary>For <see cref="QueueDisposition.DeadLetter"/>: the outcome's error kind and message (no secret); otherwise null.</summary>
    public string? DeadLetterReason => Disposition != QueueDisposition.DeadLetter
        ? null
        : Outcome.Targets.Select(t => t.Error).Prepend(Outcome.Error).OfType<OutcomeError>().Select(e => $"{e.Kind}: {e.Message}").FirstOrDefault() ?? Outcome.Status.ToString();
}

/// <summary>
/// The queue trigger's behaviour. A message that can never succeed (unparseable, invalid, unknown account) gets a
/// rejected outcome and is completed, never retried. A transient failure is handed back for redelivery while
/// deliveries remain; on the last delivery the failed outcome is recorded, replied, and the message dead-lettered.
/// </summary>
public sealed partial class QueueHandler(
    CancelAllWorkflow workflow,
    OutcomePublisher publisher,
    IOptions<QueueOptions> queueOptions,
    IOptions<InputOptions> inputOptions,
    TimeProvider timeProvider,
    ILogger<QueueHandler> logger)
{
    /// <summary>
    /// Runs the request and publishes its outcome (telemetry and reply). A reply that could not be sent also asks for
    /// redelivery: the request runs again (cancel-all is idempotent) and its reply keeps the same MessageId.
    /// </summary>
    public async Task<QueueResult> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await DecideAsync(message, cancellationToken).ConfigureAwait(false);
        var published = await publisher.PublishAsync(
            result.Outcome,
            ReplyContext.ForQueue(message.MessageId ?? result.Outcome.CorrelationId, result.Outcome.CorrelationId, message.ReplyTo, message.ReplyToSessionId),
            cancellationToken).ConfigureAwait(false);
        if (published.MustRedeliver && result.Disposition == QueueDisposition.Complete)
        {
            LogReplyLost(logger, message.MessageId ?? NoMessageId, message.DeliveryCount);
            return result with { Disposition = QueueDisposition.Redeliver };
        }

        return result;
    }

    private async Task<QueueResult> DecideAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var fallbackCorrelationId = message.CorrelationId ?? message.MessageId ?? CancelCommand.NewCorrelationId();
        CancelCommand command;
        try
        {
            var (fields, _) = CommandJson.Parse(message.Body);
            command = fields.ToCommand(CommandSource.Queue, fallbackCorrelationId, inputOptions.Value.CoinFuturesMarginCoinList);
        }
        catch (CommandValidationException e)
        {
            LogRejected(logger, message.MessageId ?? NoMessageId, e.Field, e.Message);
            var rejected = CancelOutcome.NotRun(OutcomeStatus.Rejected, fallbackCorrelationId, "queue", null, null, OutcomeErrors.From(e), timeProvider.GetUtcNow());
            return new QueueResult(rejected, QueueDisposition.Complete);
        }

        var outcome = await workflow.RunAsync(command, cancellationToken).ConfigureAwait(false);
        var transient = outcome.Status is OutcomeStatus.Failed or OutcomeStatus.PartiallyFailed
            && outcome.Targets.Select(t => t.Error).Append(outcome.Error).Any(e => e is { Transient: true });
        if (!transient)
        {
            return new QueueResult(outcome, QueueDisposition.Complete);
        }

        var max = queueOptions.Value.MaxDeliveryCount;
        if (message.DeliveryCount < max)
        {
            LogRedelivering(logger, message.MessageId ?? NoMessageId, message.DeliveryCount, max);
            return new QueueResult(outcome, QueueDisposition.Redeliver);
        }

        var deadLetter = new QueueResult(outcome, QueueDisposition.DeadLetter);
        LogGivingUp(logger, message.MessageId ?? NoMessageId, message.DeliveryCount, deadLetter.DeadLetterReason!);
        return deadLetter;
    }

    private const string NoMessageId = "without a MessageId";

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue message {MessageId}: its reply could not be sent on delivery {DeliveryCount}; handing it back for redelivery")]
    private static partial void LogReplyLost(ILogger logger, string messageId, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} rejected, field {Field}: {Problem}. Completed; it will not be retried.")]
    private static partial void LogRejected(ILogger logger, string messageId, string field, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue message {MessageId} failed transiently on delivery {DeliveryCount} of {MaxDeliveryCount}; handing it back for redelivery")]
    private static partial void LogRedelivering(ILogger logger, string messageId, int deliveryCount, int maxDeliveryCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue message {MessageId} still failing on its last delivery ({DeliveryCount}); recording the failure, replying and dead-lettering it: {Reason}")]
    private static partial void LogGivingUp(ILogger logger, string messageId, int deliveryCount, string reason);
}
