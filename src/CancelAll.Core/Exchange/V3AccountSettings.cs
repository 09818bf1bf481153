using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3AccountSettings(
    [property: JsonPropertyName("uid")] string? Uid,
    [property: JsonPropertyName("accountMode")] string? AccountMode,
    [property: JsonPropertyName("holdMode")] string? HoldMode);
