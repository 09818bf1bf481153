namespace CancelAll.Core.Replies;

/// <summary>
/// The hold an outcome belongs to (added to v2 without breaking it: absent unless the outcome is part of a hold).
/// <see cref="Phase"/> is started, repeat or released; <see cref="Problem"/> says why the hold could not be scheduled.
/// </summary>
public sealed record ReplyHold(string Id, DateTimeOffset Until, string Phase, string? Problem = null);
