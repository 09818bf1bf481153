using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record V3CancelStrategyBody([property: JsonPropertyName("orderId")] string OrderId);
