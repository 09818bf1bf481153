using CancelAll.Core.Commands;
using CancelAll.Core.Hold;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Queue;

/// <summary>
/// The queue trigger's behaviour. A message that can never succeed (unparseable, invalid, unknown account) gets a
/// rejected outcome and is completed, never retried. A transient failure is handed back for redelivery while
/// deliveries remain; on the last delivery the failed outcome is recorded, replied, and the message dead-lettered.
/// </summary>
public sealed partial class QueueHandler(
    HoldLatch hold,
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
        QueueResult result;
        if (HoldRepeat.TryRead(message.Body) is { } repeat)
        {
            // A hold's repeat: quiet unless it found something, and then an outcome of its own.
            var repeated = await hold.RepeatAsync(repeat, message.MessageId ?? repeat.MessageId, cancellationToken).ConfigureAwait(false);
            result = new QueueResult(repeated.Outcome, repeated.Redeliver ? QueueDisposition.Redeliver : QueueDisposition.Complete);
            if (repeated.Quiet)
            {
                return result;
            }
        }
        else
        {
            result = await DecideAsync(message, cancellationToken).ConfigureAwait(false);
        }

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
            if (fields.Release is not null)
            {
                var released = await hold.ReleaseAsync(fields, CommandSource.Queue, fields.CorrelationId ?? fallbackCorrelationId, cancellationToken).ConfigureAwait(false);
                return new QueueResult(released, QueueDisposition.Complete);
            }

            command = fields.ToCommand(CommandSource.Queue, fallbackCorrelationId, inputOptions.Value.CoinFuturesMarginCoinList);
        }
        catch (CommandValidationException e)
        {
            LogRejected(logger, message.MessageId ?? NoMessageId, e.Field, e.Message);
            var rejected = CancelOutcome.NotRun(OutcomeStatus.Rejected, fallbackCorrelationId, "queue", null, null, OutcomeErrors.From(e), timeProvider.GetUtcNow());
            return new QueueResult(rejected, QueueDisposition.Complete);
        }

        var outcome = await hold.RunAsync(command, cancellationToken).ConfigureAwait(false);
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
