using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record WirePosition(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("holdSide")] string? HoldSide,
    [property: JsonPropertyName("total")] string? Total,
    [property: JsonPropertyName("available")] string? Available,
    [property: JsonPropertyName("posMode")] string? PosMode);
