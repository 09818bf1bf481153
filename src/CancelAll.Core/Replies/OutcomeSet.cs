using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>
/// The webhook's answer when one notification ran one command per account (a grouped alert): schema
/// <c>cancel-all.outcomes/v2</c>, the combined status, and one outcome document (v2) per account.
/// </summary>
public sealed record OutcomeSet(
    [property: JsonPropertyOrder(-10)] string Schema,
    string CorrelationId,
    string Status,
    IReadOnlyList<CancelAllReply> Outcomes)
{
    public const string SchemaV2 = "cancel-all.outcomes/v2";
}
