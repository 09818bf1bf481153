using System.Text.Json.Serialization;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Replies;

/// <summary>
/// A cancelled order in the outcome document: <c>{"orderId":…,"clientOid":…}</c> (clientOid left out when null).
/// It wraps the order as read, so that the document's ids are written from the answer's UTF-8 bytes, never via strings.
/// </summary>
[JsonConverter(typeof(ReplyCancelledOrderConverter))]
public readonly record struct ReplyCancelledOrder(CancelledOrder Order)
{
    public ReplyCancelledOrder(string orderId, string? clientOid)
        : this(new CancelledOrder(orderId, clientOid))
    {
    }

    public string OrderId => Order.OrderId;

    public string? ClientOid => Order.ClientOid;
}
