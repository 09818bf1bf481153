using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Reads the data of a cancel-all (or cancel-plan-order) answer in one forward pass over its UTF-8 bytes, straight
/// into one <see cref="Utf8Arena"/> per list: the id bytes are copied once, unescaped, and no string or object is
/// made per order. Missing or null lists read as empty, unknown fields are skipped, ids sent as numbers keep their
/// text, and an order without an id gets an empty one (as before), so that it still counts.
/// </summary>
internal sealed class CancelAllWireConverter : JsonConverter<CancelAllData>
{
    private const int OrderId = 0;
    private const int ClientOid = 1;
    private const int ErrorCode = 2;
    private const int ErrorMsg = 3;

    public override CancelAllData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject, "data");
        IReadOnlyList<CancelledOrder>? cancelled = null;
        IReadOnlyList<FailedOrder>? failed = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("successList"u8))
            {
                reader.Read();
                cancelled = ReadList<CancelledOrder>(ref reader, "successList");
            }
            else if (reader.ValueTextEquals("failureList"u8))
            {
                reader.Read();
                failed = ReadList<FailedOrder>(ref reader, "failureList");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CancelAllData(cancelled ?? ArenaList<CancelledOrder>.Empty, failed ?? ArenaList<FailedOrder>.Empty);
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
            writer.WriteString("orderId"u8, order.OrderIdUtf8);
            WriteNullable(writer, "clientOid"u8, order.HasClientOid, order.ClientOidUtf8);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("failureList");
        foreach (var order in value.FailureList)
        {
            writer.WriteStartObject();
            writer.WriteString("orderId"u8, order.OrderIdUtf8);
            WriteNullable(writer, "clientOid"u8, order.HasClientOid, order.ClientOidUtf8);
            writer.WriteString("errorCode"u8, order.ErrorCode);
            writer.WriteString("errorMsg"u8, order.ErrorMessage);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The list's orders, their text fields each (orderId, clientOid, then errorCode, errorMsg), into arena pages.</summary>
    private static ArenaList<T>? ReadList<T>(ref Utf8JsonReader reader, string name)
        where T : struct, IArenaRecord<T>
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, name);
        using var arena = new Utf8ArenaBuilder(T.FieldCount);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            arena.AddObject(ref reader, FieldOf);
        }

        return new ArenaList<T>(arena.Build());
    }

    // A cancelled order has the first two fields only: AddObject skips the error fields there.
    private static int FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("orderId"u8) ? OrderId
        : reader.ValueTextEquals("clientOid"u8) ? ClientOid
        : reader.ValueTextEquals("errorCode"u8) ? ErrorCode
        : reader.ValueTextEquals("errorMsg"u8) ? ErrorMsg
        : -1;

    private static void WriteNullable(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool present, ReadOnlySpan<byte> utf8)
    {
        if (present)
        {
            writer.WriteString(name, utf8);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string where)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"{where}: expected {expected}, found {reader.TokenType}");
        }
    }
}
