using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>
/// Writes a <see cref="ReplyCancelledOrder"/> from the order's UTF-8 bytes (the writer escapes them exactly as it
/// escapes a string, so the document is byte-for-byte what the string path wrote), and reads it back by name.
/// </summary>
internal sealed class ReplyCancelledOrderConverter : JsonConverter<ReplyCancelledOrder>
{
    public override ReplyCancelledOrder Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = ReplyOrderFields.Read(ref reader, nameof(ReplyCancelledOrder));
        return new ReplyCancelledOrder(fields.OrderId, fields.ClientOid);
    }

    public override void Write(Utf8JsonWriter writer, ReplyCancelledOrder value, JsonSerializerOptions options)
    {
        var order = value.Order;
        ReplyOrderFields.WriteStart(writer, order.OrderIdUtf8, order.HasClientOid, order.ClientOidUtf8);

        writer.WriteEndObject();
    }
}
