using System.Text.Json;

namespace CancelAll.Core.Replies;

/// <summary>The fields of a reply's order object (the contract's names), and reading one back: unknown fields are skipped.</summary>
internal readonly record struct ReplyOrderFields(string OrderId, string? ClientOid, string? ErrorCode, string? ErrorMessage)
{
    public static readonly JsonEncodedText OrderIdName = JsonEncodedText.Encode("orderId");
    public static readonly JsonEncodedText ClientOidName = JsonEncodedText.Encode("clientOid");
    public static readonly JsonEncodedText ErrorCodeName = JsonEncodedText.Encode("errorCode");
    public static readonly JsonEncodedText ErrorMessageName = JsonEncodedText.Encode("errorMessage");

    /// <summary>Opens an order object with its ids, written from their UTF-8 bytes; the caller adds what else it has and closes it.</summary>
    public static void WriteStart(Utf8JsonWriter writer, ReadOnlySpan<byte> orderId, bool hasClientOid, ReadOnlySpan<byte> clientOid)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(OrderIdName, orderId);
        if (hasClientOid)
        {
            writer.WriteString(ClientOidName, clientOid);
        }
    }

    public static ReplyOrderFields Read(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{what}: expected an object, found {reader.TokenType}.");
        }

        string? orderId = null, clientOid = null, errorCode = null, errorMessage = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(OrderIdName.EncodedUtf8Bytes))
            {
                orderId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(ClientOidName.EncodedUtf8Bytes))
            {
                clientOid = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(ErrorCodeName.EncodedUtf8Bytes))
            {
                errorCode = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals(ErrorMessageName.EncodedUtf8Bytes))
            {
                errorMessage = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new ReplyOrderFields(orderId ?? throw new JsonException($"{what}: orderId is missing."), clientOid, errorCode, errorMessage);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetString();
    }
}
