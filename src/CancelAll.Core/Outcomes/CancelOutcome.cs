using System.Text.Json.Serialization;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Outcomes;

[JsonConverter(typeof(JsonStringEnumConverter<OutcomeStatus>))]
public enum OutcomeStatus
{
    /// <summary>Orders were cancelled.</summary>
    Succeeded,

    /// <summary>The exchange had nothing open to cancel.</summary>
    NothingToCancel,

    /// <summary>Some orders or targets were cancelled, some were not.</summary>
    PartiallyFailed,

    /// <summary>Nothing could be cancelled.</summary>
    Failed,

    /// <summary>The command was refused before anything was sent: bad input or failed authentication.</summary>
    Rejected,

    /// <summary>Nothing to do by design, e.g. a resolved alert.</summary>
    Ignored,
}

/// <summary>An error as recorded: its kind, the exchange's or vault's code, and a message that names the cause and the fix.</summary>
public sealed record OutcomeError(string Kind, string? Code, string Message, bool Transient = false);

/// <summary>
/// What happened to one target. <see cref="Steps"/> (entries, flatten, verify) says what each step did;
/// <see cref="Remaining"/> (after verify) what was left and why; <see cref="WouldCancel"/> (dry run) what the
/// command would cancel or close. Each is null when it does not apply.
/// </summary>
public sealed record TargetOutcome(
    string ProductType,
    string? MarginCoin,
    string Environment,
    OutcomeStatus Status,
    IReadOnlyList<CancelledOrder> Cancelled,
    IReadOnlyList<FailedOrder> Failed,
    OutcomeError? Error,
    int Attempts,
    double RateLimitWaitMs,
    double DurationMs,
    string? Preview = null,
    IReadOnlyList<StepOutcome>? Steps = null,
    IReadOnlyList<AccountItem>? Remaining = null,
    IReadOnlyList<AccountItem>? WouldCancel = null)
{
    public int CancelledCount => Cancelled.Count;

    public int FailedCount => Failed.Count;
}

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
    string? Scope = null)
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
