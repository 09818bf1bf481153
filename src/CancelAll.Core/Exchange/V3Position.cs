using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3Position(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("holdMode")] string? HoldMode,
    [property: JsonPropertyName("posSide")] string? PosSide,
    [property: JsonPropertyName("total")] string? Total);
