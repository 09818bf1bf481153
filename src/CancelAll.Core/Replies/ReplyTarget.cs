namespace CancelAll.Core.Replies;

/// <summary>
/// What happened to one target (a product type, optionally one margin coin, in one environment). <see cref="Remaining"/>
/// is what verify found still open (null when verify did not run); <see cref="WouldCancel"/> is a dry run's list.
/// </summary>
public sealed record ReplyTarget(
    string ProductType,
    string? MarginCoin,
    string Environment,
    string Status,
    int CancelledCount,
    int FailedCount,
    IReadOnlyList<ReplyCancelledOrder> Cancelled,
    IReadOnlyList<ReplyFailedOrder> Failed,
    ReplyError? Error,
    int Attempts,
    double RateLimitWaitMs,
    double DurationMs,
    string? AccountMode = null,
    bool? Joined = null,
    IReadOnlyList<ReplyStep>? Steps = null,
    ReplyOpenItems? Remaining = null,
    int? RemainingCount = null,
    ReplyOpenItems? WouldCancel = null);
