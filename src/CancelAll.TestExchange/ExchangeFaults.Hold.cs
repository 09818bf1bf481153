namespace CancelAll.TestExchange;

public sealed partial class ExchangeFaults
{
    private TaskCompletionSource answersReleased = Released();
    private int heldAnswers;

    /// <summary>
    /// Signed requests from now on are handled (the book changes) but not answered until <see cref="ReleaseAnswers"/>:
    /// a call held in flight for exactly as long as a test needs, however slow the machine, where a fixed
    /// <see cref="Delay"/> would end on its own.
    /// </summary>
    public void HoldAnswers()
    {
        lock (gate)
        {
            if (answersReleased.Task.IsCompleted)
            {
                answersReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
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

    /// <summary>Waits while answers are held; returns at once otherwise.</summary>
    internal async Task WaitForReleaseAsync(CancellationToken aborted)
    {
        Task released;
        lock (gate)
        {
            released = answersReleased.Task;
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
