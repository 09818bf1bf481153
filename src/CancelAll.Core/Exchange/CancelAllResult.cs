namespace CancelAll.Core.Exchange;

/// <summary>What one cancel-all call did. <see cref="NothingToCancel"/> is Bitget's 22001: success with no orders.</summary>
public sealed record CancelAllResult(
    IReadOnlyList<CancelledOrder> Cancelled,
    IReadOnlyList<FailedOrder> Failed,
    bool NothingToCancel,
    ExchangeCallStats Stats);
