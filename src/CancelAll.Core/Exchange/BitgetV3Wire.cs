using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

// Bitget's V3 (Unified Trading Account) wire shapes. Numbers come as strings; we keep them as strings. Fields the
// shared note lists as uncertain (an empty list as [] or null, the cursor once exhausted, the cancel-strategy-order
// data as null or ids) are all nullable, so either variant reads.

internal sealed record V3CategoryBody(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("symbol")] string? Symbol);

internal sealed record V3ClosePositionsBody(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("posSide")] string? PosSide);

internal sealed record V3CancelStrategyBody([property: JsonPropertyName("orderId")] string OrderId);

/// <summary>cancel-symbol-order and close-positions: one item per order; a failed one carries code and msg.</summary>
internal sealed record V3ResultList([property: JsonPropertyName("list")] IReadOnlyList<V3ResultItem>? List);

internal sealed record V3ResultItem(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg);

/// <summary>unfilled-orders: a page of orders and the cursor for the next.</summary>
internal sealed record V3OrderPage(
    [property: JsonPropertyName("list")] IReadOnlyList<V3Order>? List,
    [property: JsonPropertyName("cursor")] string? Cursor);

internal sealed record V3Order(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("side")] string? Side,
    [property: JsonPropertyName("qty")] string? Qty);

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

internal sealed record V3PositionList([property: JsonPropertyName("list")] IReadOnlyList<V3Position>? List);

internal sealed record V3Position(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("holdMode")] string? HoldMode,
    [property: JsonPropertyName("posSide")] string? PosSide,
    [property: JsonPropertyName("total")] string? Total);

internal sealed record V3AccountSettings(
    [property: JsonPropertyName("uid")] string? Uid,
    [property: JsonPropertyName("accountMode")] string? AccountMode,
    [property: JsonPropertyName("holdMode")] string? HoldMode);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(V3CategoryBody))]
[JsonSerializable(typeof(V3ClosePositionsBody))]
[JsonSerializable(typeof(V3CancelStrategyBody))]
[JsonSerializable(typeof(BitgetEnvelope<V3ResultList>))]
[JsonSerializable(typeof(BitgetEnvelope<V3OrderPage>))]
[JsonSerializable(typeof(BitgetEnvelope<IReadOnlyList<V3StrategyOrder>>))]
[JsonSerializable(typeof(BitgetEnvelope<V3ResultItem>))]
[JsonSerializable(typeof(BitgetEnvelope<V3PositionList>))]
[JsonSerializable(typeof(BitgetEnvelope<V3AccountSettings>))]
internal sealed partial class BitgetV3JsonContext : JsonSerializerContext;
