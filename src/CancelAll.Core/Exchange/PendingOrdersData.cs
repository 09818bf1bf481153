using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>orders-pending and orders-plan-pending: a page of orders and the cursor for the next (older) page.</summary>
internal sealed record PendingOrdersData(
    [property: JsonPropertyName("entrustedList")] IReadOnlyList<WirePendingOrder>? EntrustedList,
    [property: JsonPropertyName("endId")] string? EndId);
