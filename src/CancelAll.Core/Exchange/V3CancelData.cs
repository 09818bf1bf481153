using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>
/// cancel-symbol-order's data, <c>{list:[{orderId, clientOid, code, msg}]}</c>, read by <see cref="V3CancelWireConverter"/>
/// straight into the cancelled orders and the failed ones (an item with a code other than 00000), like V2's
/// <see cref="CancelAllData"/>.
/// </summary>
[JsonConverter(typeof(V3CancelWireConverter))]
internal sealed record V3CancelData(IReadOnlyList<CancelledOrder> Cancelled, IReadOnlyList<FailedOrder> Failed);
