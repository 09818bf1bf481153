namespace CancelAll.Core.Kill;

/// <summary>
/// One target's progress: <paramref name="Step"/> is starting after <paramref name="Done"/> of <paramref name="Total"/>
/// steps (verify counts as one); a null step means the target is finished.
/// </summary>
public sealed record KillProgress(string Target, string? Step, int Done, int Total);
