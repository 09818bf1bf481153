using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

// Bitget's wire shapes. Bitget sends numbers as strings; we keep them as strings.

/// <summary>What every envelope shares, whatever its data: <see cref="BitgetAnswer"/> reads the code through it.</summary>
internal interface IBitgetEnvelope
{
    string? Code { get; }

    string? Msg { get; }
}

internal sealed record BitgetEnvelope<T>(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg,
    [property: JsonPropertyName("requestTime")] long? RequestTime,
    [property: JsonPropertyName("data")] T? Data) : IBitgetEnvelope;

internal sealed record CancelAllOrdersBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("requestTime")] string? RequestTime,
    [property: JsonPropertyName("receiveWindow")] string? ReceiveWindow);

/// <summary>
/// cancel-all-orders and cancel-plan-order: read by <see cref="CancelAllWireConverter"/> straight into the result's
/// orders (one object per order, no wire copy), because this is the answer that grows with the account.
/// </summary>
[JsonConverter(typeof(CancelAllWireConverter))]
internal sealed record CancelAllData(IReadOnlyList<CancelledOrder> SuccessList, IReadOnlyList<FailedOrder> FailureList);

internal sealed record ServerTimeData([property: JsonPropertyName("serverTime")] string? ServerTime);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CancelAllOrdersBody))]
[JsonSerializable(typeof(BitgetEnvelope<CancelAllData>))]
[JsonSerializable(typeof(BitgetEnvelope<ServerTimeData>))]
[JsonSerializable(typeof(CancelPlanOrderBody))]
[JsonSerializable(typeof(ClosePositionsBody))]
[JsonSerializable(typeof(BitgetEnvelope<PendingOrdersData>))]
[JsonSerializable(typeof(BitgetEnvelope<IReadOnlyList<WirePosition>>))]
[JsonSerializable(typeof(BitgetEnvelope<ClosePositionsData>))]
internal sealed partial class BitgetJsonContext : JsonSerializerContext;

// Flatten: plan orders, positions and the read-only lists.

internal sealed record CancelPlanOrderBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("planType")] string PlanType);

internal sealed record ClosePositionsBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("holdSide")] string? HoldSide);

/// <summary>orders-pending and orders-plan-pending: a page of orders and the cursor for the next (older) page.</summary>
internal sealed record PendingOrdersData(
    [property: JsonPropertyName("entrustedList")] IReadOnlyList<WirePendingOrder>? EntrustedList,
    [property: JsonPropertyName("endId")] string? EndId);

internal sealed record WirePendingOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("planType")] string? PlanType,
    [property: JsonPropertyName("side")] string? Side,
    [property: JsonPropertyName("size")] string? Size);

internal sealed record WirePosition(
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("holdSide")] string? HoldSide,
    [property: JsonPropertyName("total")] string? Total,
    [property: JsonPropertyName("available")] string? Available,
    [property: JsonPropertyName("posMode")] string? PosMode);

internal sealed record ClosePositionsData(
    [property: JsonPropertyName("successList")] IReadOnlyList<WireCloseItem>? SuccessList,
    [property: JsonPropertyName("failureList")] IReadOnlyList<WireCloseItem>? FailureList);

internal sealed record WireCloseItem(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("errorMsg")] string? ErrorMsg);
