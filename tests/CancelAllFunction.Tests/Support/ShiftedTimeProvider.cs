namespace CancelAll.Functions.Tests.Support;

/// <summary>
/// The system clock moved to a chosen instant: time still runs and timers still fire, so retries, limiters and
/// deadlines behave as in production, but "now" is the instant the test needs (such as a session end).
/// </summary>
internal sealed class ShiftedTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly TimeSpan offset = now - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
