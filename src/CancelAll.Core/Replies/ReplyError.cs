namespace CancelAll.Core.Replies;

/// <summary>An error: its kind (e.g. Credentials, RateLimited), the exchange's or vault's code, a message naming cause and fix, and the error table's hint.</summary>
public sealed record ReplyError(string Kind, string? Code, string Message, string? Hint = null);
