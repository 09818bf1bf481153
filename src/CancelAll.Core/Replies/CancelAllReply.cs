using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>
/// The outcome document, schema <c>cancel-all.outcome/v2</c> (docs/results.md, docs/schema/cancel-all.outcome.v2.schema.json):
/// the one wire shape of an outcome, for the HTTP answer, the CLI's <c>--json</c>, the queue reply and (its headline
/// figures) the telemetry event. Every field of <c>cancel-all.reply/v1</c> keeps its name and meaning; v2 adds
/// <see cref="Headline"/>, <see cref="Scope"/>, <see cref="RemainingCount"/>, per target the steps, what is still open
/// and the dry run's would-cancel list, and a hint per error. Optional fields are left out when null.
/// </summary>
public sealed record CancelAllReply(
    [property: JsonPropertyOrder(-10)] string Schema,
    [property: JsonPropertyOrder(-9)] string Headline,
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
    ReplyError? Error,
    string? Scope,
    int? RemainingCount,
    ReplyHold? Hold = null)
{
    /// <summary>The schema id of this document.</summary>
    public const string SchemaV2 = "cancel-all.outcome/v2";

    /// <summary>The previous schema id; a consumer that reads both accepts either (docs/results.md, migration).</summary>
    public const string SchemaV1 = "cancel-all.reply/v1";
}
