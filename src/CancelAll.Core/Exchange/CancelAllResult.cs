namespace CancelAll.Core.Exchange;

public sealed record CancelledOrder(string OrderId, string? ClientOid);

public sealed record FailedOrder(string OrderId, string? ClientOid, string? ErrorCode, string? ErrorMessage);

/// <summary>What one cancel-all call did. <see cref="NothingToCancel"/> is Bitget's 22001: success with no orders.</summary>
public sealed record CancelAllResult(
    IReadOnlyList<CancelledOrder> Cancelled,
    IReadOnlyList<FailedOrder> Failed,
    bool NothingToCancel,
    ExchangeCallStats Stats);

/// <summary>How a call went on the wire: HTTP attempts made and time spent waiting for the rate limiter.</summary>
public sealed record ExchangeCallStats(int Attempts, TimeSpan RateLimitWait, TimeSpan Duration);
