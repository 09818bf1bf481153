namespace CancelAll.Core.Outcomes;

/// <summary>The one record every accepted command produces.</summary>
public sealed record CancelOutcome(
    string CorrelationId,
    string Source,
    string Account,
    OutcomeStatus Status,
    string? Reason,
    bool DryRun,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<TargetOutcome> Targets,
    OutcomeError? Error,
    string? Scope = null,
    OutcomeHold? Hold = null)
{
    public double DurationMs => (FinishedAt - StartedAt).TotalMilliseconds;

    /// <summary>Items left after verify, over all targets.</summary>
    public int RemainingCount => Targets.Sum(t => t.Remaining?.Count ?? 0);

    public int CancelledCount => Targets.Sum(t => t.CancelledCount);

    public int FailedCount => Targets.Sum(t => t.FailedCount);

    /// <summary>An outcome for a command that never ran: rejected input, or an alert that asks for nothing (ignored).</summary>
    public static CancelOutcome NotRun(OutcomeStatus status, string correlationId, string source, string? account, string? reason, OutcomeError? error, DateTimeOffset at) =>
        new(correlationId, source, account ?? string.Empty, status, reason, false, at, at, [], error);

    /// <summary>Combines target statuses: all good → Succeeded (or NothingToCancel), all bad → Failed, else PartiallyFailed.</summary>
    public static OutcomeStatus Combine(IReadOnlyCollection<OutcomeStatus> statuses)
    {
        if (statuses.Count == 0)
        {
            return OutcomeStatus.NothingToCancel;
        }

        if (statuses.All(s => s == OutcomeStatus.NothingToCancel))
        {
            return OutcomeStatus.NothingToCancel;
        }

        if (statuses.All(s => s is OutcomeStatus.Succeeded or OutcomeStatus.NothingToCancel))
        {
            return OutcomeStatus.Succeeded;
        }

        return statuses.All(s => s is OutcomeStatus.Failed or OutcomeStatus.Rejected) ? OutcomeStatus.Failed : OutcomeStatus.PartiallyFailed;
    }
}
