using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3ResultItem(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg);
