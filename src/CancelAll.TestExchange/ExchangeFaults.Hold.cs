namespace CancelAll.TestExchange;

public sealed partial class ExchangeFaults
{
    private TaskCompletionSource answersReleased = Released();
    private FaultTarget? heldOnly;
    private int passBeforeHold;
    private int heldAnswers;

    /// <summary>
    /// Signed requests from now on are handled (the book changes) but not answered until <see cref="ReleaseAnswers"/>:
    /// a call held in flight for exactly as long as a test needs, however slow the machine, where a fixed
    /// <see cref="Delay"/> would end on its own. With <paramref name="at"/>, only the requests to that path (and method)
    /// are held, and the first <paramref name="passFirst"/> of them are answered at once (a later call to the path, say a
    /// second read); the others are answered at once.
    /// </summary>
    public void HoldAnswers(FaultTarget? at = null, int passFirst = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passFirst);
        lock (gate)
        {
            if (answersReleased.Task.IsCompleted)
            {
                answersReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            heldOnly = at;
            passBeforeHold = passFirst;
        }
    }

    /// <summary>Answers every held request, and answers the next ones at once.</summary>
    public void ReleaseAnswers()
    {
        lock (gate)
        {
            answersReleased.TrySetResult();
        }
    }

    /// <summary>How many handled requests are waiting for <see cref="ReleaseAnswers"/> now.</summary>
    public int HeldAnswers => Volatile.Read(ref heldAnswers);

    /// <summary>Waits while answers (to this request's path, when only some are held) are held; returns at once otherwise.</summary>
    internal async Task WaitForReleaseAsync(string method, string path, CancellationToken aborted)
    {
        Task released;
        lock (gate)
        {
            var held = heldOnly is null || heldOnly.Matches(method, path);
            if (held && passBeforeHold > 0 && !answersReleased.Task.IsCompleted)
            {
                passBeforeHold--;
                held = false;
            }

            released = held ? answersReleased.Task : Task.CompletedTask;
        }

        if (released.IsCompleted)
        {
            return;
        }

        Interlocked.Increment(ref heldAnswers);
        try
        {
            await released.WaitAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref heldAnswers);
        }
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }
}
