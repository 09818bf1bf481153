namespace CancelAll.Core.Outcomes;

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
