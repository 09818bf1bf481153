using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Hold;

/// <summary>
/// What a repeat did. <see cref="Quiet"/>: nothing to publish (nothing was open, a duplicate, or the hold is over).
/// <see cref="Redeliver"/>: the next repeat could not be scheduled; hand the message back, nothing was claimed.
/// </summary>
public sealed record HoldRepeatResult(CancelOutcome Outcome, bool Quiet, bool Redeliver = false);
