using CancelAll.Core.Exchange;

namespace CancelAll.Core.Outcomes;

/// <summary>
/// What happened to one target. <see cref="Steps"/> (entries, flatten, verify) says what each step did;
/// <see cref="Remaining"/> (after verify) what was left and why; <see cref="WouldCancel"/> (dry run) what the
/// command would cancel or close. Each is null when it does not apply. <see cref="Attempts"/> and
/// <see cref="Retries"/> are the real HTTP attempts and repeats. <see cref="AccountMode"/> says which API family
/// served the target. <see cref="Joined"/> is true when this request joined an identical request's run (an alert
/// storm): the lists show what that shared run did, and the counts are 0, because the orders were counted once, there.
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
    IReadOnlyList<AccountItem>? WouldCancel = null,
    int Retries = 0,
    AccountMode? AccountMode = null,
    bool Joined = false)
{
    public int CancelledCount => Joined ? 0 : Cancelled.Count;

    public int FailedCount => Joined ? 0 : Failed.Count;

    /// <summary>This outcome as seen by a request that joined the run: same facts, no calls or counts of its own.</summary>
    public TargetOutcome AsJoined() => this with { Joined = true, Attempts = 0, Retries = 0, RateLimitWaitMs = 0 };
}
