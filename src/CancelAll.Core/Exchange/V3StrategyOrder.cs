using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>unfilled-strategy-orders: a bare array. REST items carry no type field (the note); kept in case one appears.</summary>
internal sealed record V3StrategyOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("qty")] string? Qty,
    [property: JsonPropertyName("posSide")] string? PosSide,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("takeProfit")] string? TakeProfit,
    [property: JsonPropertyName("stopLoss")] string? StopLoss,
    [property: JsonPropertyName("triggerPrice")] string? TriggerPrice);
