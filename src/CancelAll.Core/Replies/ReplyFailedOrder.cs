using System.Text.Json.Serialization;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Replies;

/// <summary>
/// An order that could not be cancelled, in the outcome document: <c>{"orderId":…,"clientOid":…,"errorCode":…,"errorMessage":…}</c>
/// (null fields left out), written from the answer's UTF-8 bytes like <see cref="ReplyCancelledOrder"/>.
/// </summary>
[JsonConverter(typeof(ReplyFailedOrderConverter))]
public readonly record struct ReplyFailedOrder(FailedOrder Order)
{
    public ReplyFailedOrder(string orderId, string? clientOid, string? errorCode, string? errorMessage)
        : this(new FailedOrder(orderId, clientOid, errorCode, errorMessage))
    {
    }

    public string OrderId => Order.OrderId;

    public string? ClientOid => Order.ClientOid;

    public string? ErrorCode => Order.ErrorCode;

    public string? ErrorMessage => Order.ErrorMessage;
}
