using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Replies;

/// <summary>
/// Builds the outcome document (<see cref="CancelAllReply.SchemaV2"/>) from an outcome, for every channel. The mapping
/// is explicit, field by field, so that a new field on the outcome never reaches requesters by accident: add it here
/// (and to docs/results.md and the schema file) when it belongs in the contract. Credentials never reach this point:
/// outcomes hold no key, secret, passphrase or webhook secret, and the dry-run preview (which shows a masked key) is
/// deliberately not part of the document.
/// </summary>
public static class ReplyMapper
{
    public static CancelAllReply ToReply(CancelOutcome outcome, ReplyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ToDocument(outcome, context.RequestMessageId);
    }

    /// <summary>The document for a channel without a request message (HTTP, CLI, timer).</summary>
    public static CancelAllReply ToDocument(CancelOutcome outcome, string? requestMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var verified = outcome.Targets.Where(t => t.Remaining is not null).ToList();
        return new CancelAllReply(
            CancelAllReply.SchemaV2,
            OutcomeHeadline.For(outcome),
            outcome.CorrelationId,
            requestMessageId,
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
            ToError(outcome.Error),
            outcome.Scope,
            verified.Count == 0 ? null : verified.Sum(t => t.Remaining!.Count),
            outcome.Hold is { } hold ? new ReplyHold(hold.Id, hold.Until, hold.Phase, hold.Problem) : null);
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
        target.Joined ? true : null,
        target.Steps?.Select(ToStep).ToList(),
        ToItems(target.Remaining),
        target.Remaining?.Count,
        ToItems(target.WouldCancel));

    private static ReplyCancelledOrder ToCancelled(CancelledOrder order) => new(order);

    private static ReplyFailedOrder ToFailed(FailedOrder order) => new(order);

    private static ReplyStep ToStep(StepOutcome step) => new(step.Name, step.PlanType, step.Round, step.Done, step.Failed, step.FailedItems, ToError(step.Error));

    private static ReplyOpenItems? ToItems(IReadOnlyList<AccountItem>? items) => items is null ? null : new(
        [.. items.Where(i => i.Kind == ItemKinds.Order).Select(ToItem)],
        [.. items.Where(i => i.Kind is not (ItemKinds.Order or ItemKinds.Position)).Select(ToItem)],
        [.. items.Where(i => i.Kind == ItemKinds.Position).Select(ToItem)]);

    private static ReplyItem ToItem(AccountItem item) => new(item.Kind, item.Id, item.Symbol, item.MarginCoin, item.PlanType, item.Side, item.Size, item.Reason);

    private static ReplyError? ToError(OutcomeError? error) =>
        error is null ? null : new ReplyError(error.Kind.ToString(), error.Code, error.Message, error.Handling.Hint);
}
