namespace CancelAll.Core.Outcomes;

/// <summary>How one error kind is answered: the webhook's HTTP status, the queue's action, the CLI's exit code, and a hint for the operator.</summary>
public sealed record OutcomeErrorHandling(int HttpStatus, QueueAction Queue, int ExitCode, string Hint);
