namespace CancelAll.Core.Exchange;

/// <summary>
/// What one cancel call (or the calls for one order type) did. <see cref="Error"/> is set when the call itself failed:
/// in a way that does not stop the target (for example a plan type the exchange rejects), or, when
/// <see cref="ExchangeException.StopsTarget"/>, the failure that stops it, after the calls sent beside it finished
/// (what they did is in the batch; that failure's own calls are in its <see cref="ExchangeException.Stats"/>).
/// </summary>
public sealed record CancelBatch(
    string? Type,
    IReadOnlyList<CancelledOrder> Cancelled,
    IReadOnlyList<FailedOrder> Failed,
    ExchangeCallStats Stats,
    ExchangeException? Error = null);
