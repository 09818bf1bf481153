using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Reads cancel-symbol-order's list in one pass into two arenas: an item whose <c>code</c> is set and not 00000
/// failed, any other was cancelled. The code can come after the ids, so each item is first glanced at (a copy of the
/// reader, over that item only) for its code. A missing or null list reads as empty; unknown fields are skipped.
/// </summary>
internal sealed class V3CancelWireConverter : JsonConverter<V3CancelData>
{
    private const int OrderId = 0;
    private const int ClientOid = 1;
    private const int Code = 2;
    private const int Msg = 3;

    public override V3CancelData Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"data: expected StartObject, found {reader.TokenType}");
        }

        using var cancelled = new Utf8ArenaBuilder(2);
        using var failed = new Utf8ArenaBuilder(4);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isList = reader.ValueTextEquals("list"u8);
            reader.Read();
            if (!isList || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"list: expected StartArray, found {reader.TokenType}");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (Failed(reader))
                {
                    failed.AddObject(ref reader, FieldOf);
                }
                else
                {
                    cancelled.AddObject(ref reader, FieldOf);
                }
            }
        }

        return new V3CancelData(new ArenaList<CancelledOrder>(cancelled.Build()), new ArenaList<FailedOrder>(failed.Build()));
    }

    public override void Write(Utf8JsonWriter writer, V3CancelData value, JsonSerializerOptions options) =>
        throw new NotSupportedException("cancel-symbol-order's answer is only read.");

    /// <summary>Whether the item at the reader carries an error code; reads a copy, so the reader stays where it is.</summary>
    private static bool Failed(Utf8JsonReader item)
    {
        if (item.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (item.Read() && item.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = item.ValueTextEquals("code"u8);
            item.Read();
            if (isCode)
            {
                return item.TokenType switch
                {
                    JsonTokenType.String => !item.ValueTextEquals(""u8) && !item.ValueTextEquals("00000"u8),
                    JsonTokenType.Number => !item.ValueSpan.SequenceEqual("00000"u8),
                    _ => false,
                };
            }

            item.Skip();
        }

        return false;
    }

    private static int FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("orderId"u8) ? OrderId
        : reader.ValueTextEquals("clientOid"u8) ? ClientOid
        : reader.ValueTextEquals("code"u8) ? Code
        : reader.ValueTextEquals("msg"u8) ? Msg
        : -1;
}
