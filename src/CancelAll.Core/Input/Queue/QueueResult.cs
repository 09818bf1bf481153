using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Input.Queue;

public sealed record QueueResult(CancelOutcome Outcome, QueueDisposition Disposition)
{
    /// <summary>For <see cref="QueueDisposition.DeadLetter"/>: the outcome's error kind and message (no secret); otherwise null.</summary>
    public string? DeadLetterReason => Disposition != QueueDisposition.DeadLetter
        ? null
        : Outcome.Targets.Select(t => t.Error).Prepend(Outcome.Error).OfType<OutcomeError>().Select(e => $"{e.Kind}: {e.Message}").FirstOrDefault() ?? Outcome.Status.ToString();
}
