using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record WireCloseItem(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("symbol")] string? Symbol,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("errorMsg")] string? ErrorMsg);
