using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

// Bitget's wire shapes. Bitget sends numbers as strings; we keep them as strings.

internal sealed record BitgetEnvelope<T>(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg,
    [property: JsonPropertyName("requestTime")] long? RequestTime,
    [property: JsonPropertyName("data")] T? Data);

internal sealed record CancelAllOrdersBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("requestTime")] string? RequestTime,
    [property: JsonPropertyName("receiveWindow")] string? ReceiveWindow);

internal sealed record CancelAllData(
    [property: JsonPropertyName("successList")] IReadOnlyList<WireCancelledOrder>? SuccessList,
    [property: JsonPropertyName("failureList")] IReadOnlyList<WireFailedOrder>? FailureList);

internal sealed record WireCancelledOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid);

internal sealed record WireFailedOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("errorMsg")] string? ErrorMsg);

internal sealed record ServerTimeData([property: JsonPropertyName("serverTime")] string? ServerTime);

/// <summary>Only the code, for classifying an error answer without knowing its data shape.</summary>
internal sealed record BitgetCodeOnly(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CancelAllOrdersBody))]
[JsonSerializable(typeof(BitgetEnvelope<CancelAllData>))]
[JsonSerializable(typeof(BitgetEnvelope<ServerTimeData>))]
[JsonSerializable(typeof(BitgetCodeOnly))]
internal sealed partial class BitgetJsonContext : JsonSerializerContext;
