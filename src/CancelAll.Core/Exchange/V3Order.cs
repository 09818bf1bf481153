using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3Order(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("side")] string? Side,
    [property: JsonPropertyName("qty")] string? Qty);
