namespace CancelAll.Core.Outcomes;

/// <summary>What an outcome has to do with a hold flat (README, "Hold flat").</summary>
public static class HoldPhases
{
    /// <summary>The kill of a command with <c>holdMinutes</c>: the hold starts after it.</summary>
    public const string Started = "started";

    /// <summary>A repeat of a held scope that found something to cancel.</summary>
    public const string Repeat = "repeat";

    /// <summary>A release command that ended holds early.</summary>
    public const string Released = "released";
}

/// <summary>
/// The hold an outcome belongs to. <paramref name="Id"/> is the hold's id (the correlation id of the command that
/// started it; a release names it). <paramref name="Until"/> is when the hold ends (for a release: when it ended).
/// <paramref name="Problem"/> says why a hold could not be scheduled, in words an operator can act on.
/// </summary>
public sealed record OutcomeHold(string Id, DateTimeOffset Until, string Phase, string? Problem = null);
