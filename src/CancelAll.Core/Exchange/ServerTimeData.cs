using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record ServerTimeData([property: JsonPropertyName("serverTime")] string? ServerTime);
