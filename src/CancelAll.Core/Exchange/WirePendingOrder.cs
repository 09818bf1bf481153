using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record WirePendingOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("planType")] string? PlanType,
    [property: JsonPropertyName("side")] string? Side,
    [property: JsonPropertyName("size")] string? Size);
