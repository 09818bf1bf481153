namespace CancelAll.Core.Exchange;

/// <summary>
/// What one cancel call (or one run of calls for one order type) did. <see cref="Error"/> is set when the call
/// itself failed in a way that does not stop the target (for example a plan type the exchange rejects).
/// </summary>
public sealed record CancelBatch(
    string? Type,
    IReadOnlyList<CancelledOrder> Cancelled,
    IReadOnlyList<FailedOrder> Failed,
    ExchangeCallStats Stats,
    ExchangeException? Error = null);
