using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3ClosePositionsBody(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("posSide")] string? PosSide);
