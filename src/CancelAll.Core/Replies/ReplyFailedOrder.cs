namespace CancelAll.Core.Replies;

public sealed record ReplyFailedOrder(string OrderId, string? ClientOid, string? ErrorCode, string? ErrorMessage);
