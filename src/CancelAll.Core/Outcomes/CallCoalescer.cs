using System.Collections.Concurrent;

namespace CancelAll.Core.Outcomes;

/// <summary>
/// Shares exchange calls between identical requests during an alert storm, without ever answering a request with a
/// call that started before it arrived (that call could miss orders placed just before the request).
/// Per key: when idle, a request starts a call. While a call runs, new requests join one queued call that starts
/// when the running one ends, and all of them share its result. So N concurrent identical requests make at most two
/// calls, and different keys never wait on each other.
/// </summary>
public sealed class CallCoalescer<TKey, TResult>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lane> lanes = new();

    /// <summary>Runs <paramref name="call"/>, or joins a call for the same key that has not started yet.</summary>
    /// <param name="call">Must not depend on which caller made it: any joined caller gets its result.</param>
    public Task<TResult> RunAsync(TKey key, Func<Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var lane = lanes.GetOrAdd(key, _ => new Lane());
        lock (lane)
        {
            if (lane.Queued is { } queued)
            {
                return queued.Task;
            }

            if (lane.Running is null)
            {
                return StartLocked(lane, call);
            }

            var next = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lane.Queued = next;
            lane.QueuedCall = call;
            return next.Task;
        }
    }

    private Task<TResult> StartLocked(Lane lane, Func<Task<TResult>> call)
    {
        var running = Task.Run(call);
        lane.Running = running;
        _ = running.ContinueWith(_ => Advance(lane), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return running;
    }

    // The running call ended: start the queued one, if any, and hand its result to everyone who joined it.
    private void Advance(Lane lane)
    {
        lock (lane)
        {
            lane.Running = null;
            if (lane.Queued is not { } queued)
            {
                return;
            }

            var call = lane.QueuedCall!;
            lane.Queued = null;
            lane.QueuedCall = null;
            var started = StartLocked(lane, call);
            _ = started.ContinueWith(
                t =>
                {
                    if (t.IsFaulted)
                    {
                        queued.TrySetException(t.Exception!.InnerExceptions);
                    }
                    else if (t.IsCanceled)
                    {
                        queued.TrySetCanceled();
                    }
                    else
                    {
                        queued.TrySetResult(t.Result);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private sealed class Lane
    {
        public Task<TResult>? Running { get; set; }

        public TaskCompletionSource<TResult>? Queued { get; set; }

        public Func<Task<TResult>>? QueuedCall { get; set; }
    }
}
