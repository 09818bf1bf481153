using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record WireCancelledOrder(
    [property: JsonPropertyName("orderId")] string? OrderId,
    [property: JsonPropertyName("clientOid")] string? ClientOid);
