using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>unfilled-orders: a page of orders and the cursor for the next.</summary>
internal sealed record V3OrderPage(
    [property: JsonPropertyName("list")] IReadOnlyList<V3Order>? List,
    [property: JsonPropertyName("cursor")] string? Cursor);
