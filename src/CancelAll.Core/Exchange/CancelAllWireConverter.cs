using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Reads the data of a cancel-all (or cancel-plan-order) answer in one forward pass over its UTF-8 bytes, straight
/// into <see cref="CancelledOrder"/> and <see cref="FailedOrder"/>: per order, one object and its id strings, nothing
/// else. Missing or null lists read as empty, unknown fields are skipped, ids sent as numbers are kept as their text,
/// and an order without an id gets an empty one (as before), so that it still counts.
/// </summary>
internal sealed class CancelAllWireConverter : JsonConverter<CancelAllData>
{
    public override CancelAllData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject, "data");
        CancelledOrder[]? cancelled = null;
        FailedOrder[]? failed = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("successList"u8))
            {
                reader.Read();
                cancelled = ReadList(ref reader, "successList", ReadCancelled);
            }
            else if (reader.ValueTextEquals("failureList"u8))
            {
                reader.Read();
                failed = ReadList(ref reader, "failureList", ReadFailed);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CancelAllData(cancelled ?? [], failed ?? []);
    }

    public override void Write(Utf8JsonWriter writer, CancelAllData value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteStartArray("successList");
        foreach (var order in value.SuccessList)
        {
            writer.WriteStartObject();
            writer.WriteString("orderId", order.OrderId);
            writer.WriteString("clientOid", order.ClientOid);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("failureList");
        foreach (var order in value.FailureList)
        {
            writer.WriteStartObject();
            writer.WriteString("orderId", order.OrderId);
            writer.WriteString("clientOid", order.ClientOid);
            writer.WriteString("errorCode", order.ErrorCode);
            writer.WriteString("errorMsg", order.ErrorMessage);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private delegate T ItemReader<T>(ref Utf8JsonReader reader);

    /// <summary>
    /// The items, gathered in a pooled buffer and copied once into an array of the exact size: no list growth, and for
    /// up to about 10,000 orders no array large enough for the large-object heap, whose collections are the costly kind.
    /// </summary>
    private static T[]? ReadList<T>(ref Utf8JsonReader reader, string name, ItemReader<T> item)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, name);
        var buffer = ArrayPool<T>.Shared.Rent(64);
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                Expect(ref reader, JsonTokenType.StartObject, name + "[]");
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<T>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan().CopyTo(larger);
                    ArrayPool<T>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }

                buffer[count++] = item(ref reader);
            }

            return count == 0 ? [] : buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static CancelledOrder ReadCancelled(ref Utf8JsonReader reader)
    {
        string? orderId = null, clientOid = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("orderId"u8))
            {
                orderId = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("clientOid"u8))
            {
                clientOid = ReadText(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CancelledOrder(orderId ?? string.Empty, clientOid);
    }

    private static FailedOrder ReadFailed(ref Utf8JsonReader reader)
    {
        string? orderId = null, clientOid = null, errorCode = null, errorMsg = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("orderId"u8))
            {
                orderId = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("clientOid"u8))
            {
                clientOid = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("errorCode"u8))
            {
                errorCode = ReadText(ref reader);
            }
            else if (reader.ValueTextEquals("errorMsg"u8))
            {
                errorMsg = ReadText(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new FailedOrder(orderId ?? string.Empty, clientOid, errorCode, errorMsg);
    }

    /// <summary>A string, a number's text (Bitget sends ids as strings, but a number must not be lost), or null.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"expected a string, a number or null, found {reader.TokenType}"),
        };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string where)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"{where}: expected {expected}, found {reader.TokenType}");
        }
    }
}
