using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CancelAll.Core.Exchange;

/// <summary>
/// One exchange answer, read once from its UTF-8 bytes: Bitget's code and message and, when the request named the
/// shape it expects, the whole typed envelope. The retry predicate, the telemetry span and the client all use this
/// one reading, so a body is never decoded to a string nor scanned twice on the success path.
/// </summary>
internal sealed record BitgetAnswer(string? Code, string? Msg, object? Envelope)
{
    /// <summary>The envelope type the client expects; set on the request by the client, read by <see cref="AnswerBufferingHandler"/>.</summary>
    public static readonly HttpRequestOptionsKey<JsonTypeInfo> ShapeKey = new("CancelAll.AnswerShape");

    /// <summary>What a body that is not Bitget's JSON (HTML, empty, truncated) reads as.</summary>
    public static BitgetAnswer Unreadable { get; } = new(null, null, null);

    /// <summary>
    /// Reads <paramref name="body"/> in one pass into <paramref name="shape"/> (a <c>BitgetEnvelope&lt;T&gt;</c>). An
    /// answer whose data does not fit the shape (an error answer carries other data) is read for its code alone.
    /// </summary>
    public static BitgetAnswer Read(ReadOnlySpan<byte> body, JsonTypeInfo? shape)
    {
        if (shape is not null)
        {
            try
            {
                if (JsonSerializer.Deserialize(body, shape) is IBitgetEnvelope envelope)
                {
                    return new BitgetAnswer(envelope.Code, envelope.Msg, envelope);
                }
            }
            catch (JsonException)
            {
                // Not this shape: an error answer or not JSON at all. Its code, if it has one, is read below.
            }
        }

        return ReadCode(body);
    }

    /// <summary>The top-level code and msg of a whole, well-formed JSON object; <see cref="Unreadable"/> otherwise.</summary>
    public static BitgetAnswer ReadCode(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Unreadable;
            }

            string? code = null, msg = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                var isMsg = !isCode && reader.ValueTextEquals("msg"u8);
                reader.Read();
                if (isCode && reader.TokenType == JsonTokenType.String)
                {
                    code = reader.GetString();
                }
                else if (isMsg && reader.TokenType == JsonTokenType.String)
                {
                    msg = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // Only a complete object counts: a truncated body says nothing definite.
            return reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read() ? new BitgetAnswer(code, msg, null) : Unreadable;
        }
        catch (JsonException)
        {
            return Unreadable;
        }
    }
}
