using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

/// <summary>
/// cancel-all-orders and cancel-plan-order: read by <see cref="CancelAllWireConverter"/> straight into the result's
/// orders (one object per order, no wire copy), because this is the answer that grows with the account.
/// </summary>
[JsonConverter(typeof(CancelAllWireConverter))]
internal sealed record CancelAllData(IReadOnlyList<CancelledOrder> SuccessList, IReadOnlyList<FailedOrder> FailureList);
