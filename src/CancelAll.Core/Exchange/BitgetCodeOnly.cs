using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>Only the code, for classifying an error answer without knowing its data shape.</summary>
internal sealed record BitgetCodeOnly(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("msg")] string? Msg)
{
    /// <summary>Bitget's code and message from any answer; both null when the answer is not Bitget's JSON.</summary>
    public static BitgetCodeOnly Read(string text)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(text, BitgetJsonContext.Default.BitgetCodeOnly) ?? new BitgetCodeOnly(null, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return new BitgetCodeOnly(null, null);
        }
    }
}
