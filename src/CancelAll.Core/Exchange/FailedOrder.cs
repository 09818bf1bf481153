namespace CancelAll.Core.Exchange;

public sealed record FailedOrder(string OrderId, string? ClientOid, string? ErrorCode, string? ErrorMessage);
