using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Replies;

/// <summary>
/// Every outcome, from every trigger, goes through here: telemetry first (event, metrics, log), always, so that nothing
/// accepted is lost without a record; then the reply. A lost reply is recorded as an error; for a queue request the
/// result says to hand the failure back (redelivery), for HTTP and timer the answer or run completes.
/// </summary>
public sealed partial class OutcomePublisher(OutcomeRecorder recorder, IReplySender sender, ILogger<OutcomePublisher> logger)
{
    public async Task<PublishResult> PublishAsync(CancelOutcome outcome, ReplyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            recorder.Record(outcome, context);
        }
        catch (Exception e)
        {
            // Telemetry must never cost the reply: keep going, and say so wherever logs still reach.
            LogTelemetryFailed(logger, outcome.CorrelationId, e.GetType().Name);
        }

        var reply = ReplyMapper.ToReply(outcome, context);
        ReplySendResult result;
        try
        {
            result = await sender.SendAsync(reply, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = new ReplySendResult(ReplySendStatus.Failed, string.Empty, ReplyMessageIds.For(context), $"The reply sender failed unexpectedly ({e.GetType().Name}).", null, 0);
        }

        recorder.RecordReply(outcome, context, result);
        return new PublishResult(result, result.Status == ReplySendStatus.Failed && context.RedeliversOnFailure);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording telemetry for {CorrelationId} failed ({ExceptionType}); the reply is still sent")]
    private static partial void LogTelemetryFailed(ILogger logger, string correlationId, string exceptionType);
}
