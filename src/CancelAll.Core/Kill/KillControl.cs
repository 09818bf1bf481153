namespace CancelAll.Core.Kill;

/// <summary>
/// What a caller that watches a kill (the CLI) may ask of it, besides the hard cancellation token. When
/// <see cref="StopStartingSteps"/> is cancelled, each target finishes the step it is in and starts no other: the outcome
/// then lists the steps that did not start (error kind <see cref="Outcomes.OutcomeErrorKind.Interrupted"/>) and the target is not reported as
/// done. <see cref="Progress"/> hears of each step as it starts and of each target as it ends. A run shared by identical
/// requests (an alert storm) follows the control of the request that started it.
/// </summary>
public sealed class KillControl
{
    public CancellationToken StopStartingSteps { get; init; }

    public IProgress<KillProgress>? Progress { get; init; }

    /// <summary>Nothing asked: every step runs, nobody listens.</summary>
    public static KillControl None { get; } = new();
}
