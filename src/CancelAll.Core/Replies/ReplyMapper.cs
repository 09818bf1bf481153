using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Replies;

/// <summary>
/// Builds the v1 reply from an outcome. The mapping is explicit, field by field, so that a new field on the outcome
/// never reaches requesters by accident: add it here (and to docs/results.md) when it belongs in the schema.
/// Credentials never reach this point: outcomes hold no key, secret, passphrase or webhook secret, and the dry-run
/// preview (which shows a masked key) is deliberately not part of the reply.
/// </summary>
public static class ReplyMapper
{
    public static CancelAllReply ToReply(CancelOutcome outcome, ReplyContext context)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
        return new CancelAllReply(
            CancelAllReply.SchemaV1,
            outcome.CorrelationId,
            context.RequestMessageId,
            outcome.Source,
            outcome.Account,
            outcome.Status.ToString(),
            outcome.Reason,
            outcome.DryRun,
            outcome.StartedAt,
            outcome.FinishedAt,
            Math.Round(outcome.DurationMs, 1),
            outcome.CancelledCount,
            outcome.FailedCount,
            outcome.Targets.Select(ToTarget).ToList(),
            ToError(outcome.Error));
    }

    private static ReplyTarget ToTarget(TargetOutcome target) => new(
        target.ProductType,
        target.MarginCoin,
        target.Environment,
        target.Status.ToString(),
        target.CancelledCount,
        target.FailedCount,
        target.Cancelled.Select(ToCancelled).ToList(),
        target.Failed.Select(ToFailed).ToList(),
        ToError(target.Error),
        target.Attempts,
        Math.Round(target.RateLimitWaitMs, 1),
        Math.Round(target.DurationMs, 1),
        target.AccountMode?.ToString(),
        target.Joined ? true : null);

    private static ReplyCancelledOrder ToCancelled(CancelledOrder order) => new(order.OrderId, order.ClientOid);

    private static ReplyFailedOrder ToFailed(FailedOrder order) => new(order.OrderId, order.ClientOid, order.ErrorCode, order.ErrorMessage);

    private static ReplyError? ToError(OutcomeError? error) => error is null ? null : new ReplyError(error.Kind.ToString(), error.Code, error.Message);
}
