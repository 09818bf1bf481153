namespace CancelAll.Core.Exchange;

public sealed record CancelledOrder(string OrderId, string? ClientOid);
