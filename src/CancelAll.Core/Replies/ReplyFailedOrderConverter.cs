using System.Text.Json;
using System.Text.Json.Serialization;

namespace CancelAll.Core.Replies;

/// <summary>Writes a <see cref="ReplyFailedOrder"/> from the order's UTF-8 bytes, and reads it back by name.</summary>
internal sealed class ReplyFailedOrderConverter : JsonConverter<ReplyFailedOrder>
{
    public override ReplyFailedOrder Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var fields = ReplyOrderFields.Read(ref reader, nameof(ReplyFailedOrder));
        return new ReplyFailedOrder(fields.OrderId, fields.ClientOid, fields.ErrorCode, fields.ErrorMessage);
    }

    public override void Write(Utf8JsonWriter writer, ReplyFailedOrder value, JsonSerializerOptions options)
    {
        var order = value.Order;
        ReplyOrderFields.WriteStart(writer, order.OrderIdUtf8, order.HasClientOid, order.ClientOidUtf8);

        if (order.ErrorCode is { } code)
        {
            writer.WriteString(ReplyOrderFields.ErrorCodeName, code);
        }

        if (order.ErrorMessage is { } message)
        {
            writer.WriteString(ReplyOrderFields.ErrorMessageName, message);
        }

        writer.WriteEndObject();
    }
}
