using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>
/// The reply message body, schema <c>cancel-all.reply/v1</c> (documented in docs/results.md). Fields may be added
/// within v1; renaming or removing one, or changing its meaning, needs v2. Optional fields are left out when null.
/// </summary>
public sealed record CancelAllReply(
    [property: JsonPropertyOrder(-10)] string Schema,
    string CorrelationId,
    string? RequestMessageId,
    string Source,
    string Account,
    string Status,
    string? Reason,
    bool DryRun,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double DurationMs,
    int CancelledCount,
    int FailedCount,
    IReadOnlyList<ReplyTarget> Targets,
    ReplyError? Error)
{
    public const string SchemaV1 = "cancel-all.reply/v1";
}

/// <summary>What happened to one target (a product type, optionally one margin coin, in one environment).</summary>
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
    bool? Joined = null);

public sealed record ReplyCancelledOrder(string OrderId, string? ClientOid);

public sealed record ReplyFailedOrder(string OrderId, string? ClientOid, string? ErrorCode, string? ErrorMessage);

/// <summary>An error: its kind (e.g. Credentials, RateLimited), the exchange's or vault's code, and a message naming cause and fix.</summary>
public sealed record ReplyError(string Kind, string? Code, string Message);
