namespace CancelAll.Core.Outcomes;

/// <summary>Names of the steps a target goes through, in the order flatten runs them.</summary>
public static class StepNames
{
    public const string CancelOrders = "cancel-orders";
    public const string CancelEntryPlans = "cancel-entry-plans";
    public const string ClosePositions = "close-positions";
    public const string CancelProtectivePlans = "cancel-tpsl";
    public const string Verify = "verify";
}

/// <summary>
/// What one step did. <see cref="Round"/> is 1 for the first pass and counts up each time verify re-runs the step.
/// For verify, <see cref="Failed"/> is how many items were still there.
/// </summary>
public sealed record StepOutcome(
    string Name,
    string? PlanType,
    int Round,
    int Done,
    int Failed,
    IReadOnlyList<string> FailedItems,
    OutcomeError? Error = null);

/// <summary>
/// A thing the account holds: an order, a plan order or a position. In <c>Remaining</c>, <see cref="Reason"/> says
/// why it is still there; in <c>WouldCancel</c> (a dry run), what the command would do to it.
/// </summary>
public sealed record AccountItem(
    string Kind,
    string Id,
    string? Symbol,
    string? MarginCoin,
    string? PlanType,
    string? Side,
    string? Size,
    string Reason);
