using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>cancel-symbol-order and close-positions: one item per order; a failed one carries code and msg.</summary>
internal sealed record V3ResultList([property: JsonPropertyName("list")] IReadOnlyList<V3ResultItem>? List);
