using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

// Bitget's V3 (Unified Trading Account) wire shapes. Numbers come as strings; we keep them as strings. Fields the
// shared note lists as uncertain (an empty list as [] or null, the cursor once exhausted, the cancel-strategy-order
// data as null or ids) are all nullable, so either variant reads.

internal sealed record V3CategoryBody(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("symbol")] string? Symbol);
