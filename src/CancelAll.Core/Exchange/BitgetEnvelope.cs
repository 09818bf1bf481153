using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

// Bitget's wire shapes. Bitget sends numbers as strings; we keep them as strings.

internal sealed record BitgetEnvelope<T>(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg,
    [property: JsonPropertyName("requestTime")] long? RequestTime,
    [property: JsonPropertyName("data")] T? Data) : IBitgetEnvelope;
