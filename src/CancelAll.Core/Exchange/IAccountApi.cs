using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>
/// How one API family (classic V2, unified V3) does each step of a kill. The kill pipeline speaks only this
/// interface, so it never knows V2 from V3. Implementations are stateless: everything about the account comes in
/// with the call. Failures are thrown as <see cref="ExchangeException"/>; "nothing to do" is an empty success.
/// </summary>
public interface IAccountApi
{
    /// <summary>The account mode this family serves.</summary>
    AccountMode Mode { get; }

    /// <summary>The conditional order types that can open a position, cancelled type by type by the entries scope.</summary>
    IReadOnlyList<string> EntryTypes { get; }

    /// <summary>The request that cancels the target's normal orders, as an operator may read it (no secrets).</summary>
    string DescribeCancelOrders(ApiCredentials credentials, CancelTarget target);

    /// <summary>Cancels every normal open order of the target.</summary>
    Task<CancelAllResult> CancelOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the target's pending entry orders of one of <see cref="EntryTypes"/>. Where that takes one call per order,
    /// the calls go at once; a failure that stops the target then comes back as the batch's error, after the others.
    /// </summary>
    Task<CancelBatch> CancelEntryOrdersAsync(ApiCredentials credentials, CancelTarget target, string entryType, CancellationToken cancellationToken);

    /// <summary>Lists the target's open normal orders.</summary>
    Task<ListResult<PendingOrder>> ListOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the target's pending conditional orders the scope is responsible for, each with its
    /// <see cref="PendingOrder.Kind"/>: entries for the entries scope; entries, TP/SL and unknown types for flatten.
    /// An order of a type the family does not know is listed as <see cref="ItemKinds.UnknownPlan"/>, never dropped.
    /// </summary>
    Task<ListResult<PendingOrder>> ListConditionalOrdersAsync(ApiCredentials credentials, CancelTarget target, CancelScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Lists what flatten cancels after the positions are closed: the TP/SL orders, and conditional orders of an unknown
    /// type (<see cref="ItemKinds.ProtectivePlan"/>, <see cref="ItemKinds.UnknownPlan"/>).
    /// </summary>
    Task<ListResult<PendingOrder>> ListLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken);

    /// <summary>Lists the target's open positions (size above zero), one per side in hedge mode.</summary>
    Task<ListResult<PositionInfo>> ListPositionsAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken);

    /// <summary>The close-positions path, whose per-second limit bounds how many closes of one flatten are in flight.</summary>
    string ClosePositionsPath { get; }

    /// <summary>Closes at market the position of one symbol: one side in hedge mode (<paramref name="holdSide"/>), or the symbol's position in one-way mode (null).</summary>
    Task<ClosePositionsResult> ClosePositionsAsync(ApiCredentials credentials, CancelTarget target, string symbol, string? holdSide, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the given conditional orders (TP/SL, or of unknown type) left behind after the positions were closed.
    /// <paramref name="noPositionOpen"/> says the target holds no position, so the family may cancel by type for the whole target.
    /// One batch per call or order type, all sent at once and returned in the orders' order; a failed batch carries its
    /// error and does not stop the others (an error that stops the target too: the step stops once it has recorded them).
    /// </summary>
    Task<IReadOnlyList<CancelBatch>> CancelLeftoverOrdersAsync(ApiCredentials credentials, CancelTarget target, IReadOnlyList<PendingOrder> orders, bool noPositionOpen, CancellationToken cancellationToken);
}
