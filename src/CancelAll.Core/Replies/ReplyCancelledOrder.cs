namespace CancelAll.Core.Replies;

public sealed record ReplyCancelledOrder(string OrderId, string? ClientOid);
