using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>
/// cancel-all-orders and cancel-plan-order: read by <see cref="CancelAllWireConverter"/> straight into the result's
/// orders (one UTF-8 arena per list, no object per order), because this is the answer that grows with the account.
/// </summary>
[JsonConverter(typeof(CancelAllWireConverter))]
internal sealed record CancelAllData(IReadOnlyList<CancelledOrder> SuccessList, IReadOnlyList<FailedOrder> FailureList);
