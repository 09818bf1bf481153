namespace CancelAll.Core.DeadMan;

/// <summary>The field at fault (or null) and a message that says how to fix it.</summary>
public sealed record HeartbeatError(string? Field, string Message);
