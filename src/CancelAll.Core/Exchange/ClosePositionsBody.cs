using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record ClosePositionsBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("holdSide")] string? HoldSide);
