using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Input.Queue;

public sealed record QueueResult(CancelOutcome Outcome, QueueDisposition Disposition);
