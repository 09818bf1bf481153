using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record CancelPlanOrderBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("planType")] string PlanType);
