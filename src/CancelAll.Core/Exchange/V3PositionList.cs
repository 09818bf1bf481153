using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3PositionList([property: JsonPropertyName("list")] IReadOnlyList<V3Position>? List);
