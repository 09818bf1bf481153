using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record CancelAllOrdersBody(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("marginCoin")] string? MarginCoin,
    [property: JsonPropertyName("requestTime")] string? RequestTime,
    [property: JsonPropertyName("receiveWindow")] string? ReceiveWindow);
