using System.Collections.Concurrent;

namespace CancelAll.Core.Kill;

/// <summary>
/// Shares runs between identical requests during an alert storm, without ever answering a request with a run that
/// started before it arrived (that run could miss orders placed just before the request).
/// Per key: when idle, a request starts a run. While a run goes on, new requests join one queued run that starts
/// when the running one ends, and all of them share its result. Runs for one key also start at least
/// <c>minimumSpacing</c> apart (the exchange's per-key request interval), so requests arriving within that time of a
/// run's start share the next run: a storm that arrives within the spacing makes at most two runs, however the
/// arrivals spread. Different keys never wait on each other. A key's entry is removed once its last run has ended
/// and its spacing is over, so memory stays bounded under a storm of distinct targets.
/// </summary>
public sealed class CallCoalescer<TKey, TResult>(TimeSpan minimumSpacing, TimeProvider timeProvider)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lane> lanes = new();

    public CallCoalescer()
        : this(TimeSpan.Zero, TimeProvider.System)
    {
    }

    /// <summary>How many keys have a run going, queued, or within its spacing.</summary>
    public int ActiveKeys => lanes.Count;

    /// <summary>Runs <paramref name="call"/>, or joins a run for the same key that has not started yet.</summary>
    /// <param name="key">What makes two requests identical.</param>
    /// <param name="call">Must not depend on which caller made it: any joined caller gets its result.</param>
    public Task<TResult> RunAsync(TKey key, Func<Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        while (true)
        {
            var lane = lanes.GetOrAdd(key, k => new Lane(k));
            Task<Task<TResult>> start;
            Task<TResult> running;
            lock (lane)
            {
                if (lane.Retired)
                {
                    // Removed between the lookup and the lock: take the key's new lane.
                    continue;
                }

                if (lane.Queued is { } queued)
                {
                    return queued.Task;
                }

                if (lane.Running is not null || SpacingLeft(lane) > TimeSpan.Zero)
                {
                    var next = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    lane.Queued = next;
                    lane.QueuedCall = call;
                    if (lane.Running is null)
                    {
                        // Idle, but the last run started too recently: start this one when the spacing is over.
                        After(SpacingLeft(lane), () => StartQueued(lane));
                    }

                    return next.Task;
                }

                // Idle: this request runs the call, on its own thread once the lock is released. Handing it to the
                // thread pool instead would cost every kill one more wake-up of a pool thread (BENCHMARKS.md, row 2).
                start = new Task<Task<TResult>>(call);
                running = TrackLocked(lane, start.Unwrap());
            }

            start.RunSynchronously(TaskScheduler.Default);
            return running;
        }
    }

    private TimeSpan SpacingLeft(Lane lane) =>
        lane.LastStarted is { } last ? last + minimumSpacing - timeProvider.GetUtcNow() : TimeSpan.Zero;

    private void After(TimeSpan delay, Action action) =>
        _ = Task.Delay(delay, timeProvider).ContinueWith(_ => action(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private Task<TResult> TrackLocked(Lane lane, Task<TResult> running)
    {
        lane.Running = running;
        lane.LastStarted = timeProvider.GetUtcNow();
        _ = running.ContinueWith(_ => Advance(lane), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return running;
    }

    // The running call ended: start the queued one, if any, once the spacing allows; else retire the lane.
    private void Advance(Lane lane)
    {
        lock (lane)
        {
            lane.Running = null;
            var wait = SpacingLeft(lane);
            if (lane.Queued is null)
            {
                if (wait > TimeSpan.Zero)
                {
                    After(wait, () => RetireIfIdle(lane));
                }
                else
                {
                    RetireLocked(lane);
                }

                return;
            }

            if (wait > TimeSpan.Zero)
            {
                After(wait, () => StartQueued(lane));
                return;
            }
        }

        StartQueued(lane);
    }

    private void RetireIfIdle(Lane lane)
    {
        lock (lane)
        {
            if (lane.Running is null && lane.Queued is null && SpacingLeft(lane) <= TimeSpan.Zero)
            {
                RetireLocked(lane);
            }
        }
    }

    private void RetireLocked(Lane lane)
    {
        if (!lane.Retired)
        {
            lane.Retired = true;
            lanes.TryRemove(new KeyValuePair<TKey, Lane>(lane.Key, lane));
        }
    }

    // Starts the queued call and hands its result to everyone who joined it.
    private void StartQueued(Lane lane)
    {
        lock (lane)
        {
            if (lane.Running is not null || lane.Queued is not { } queued)
            {
                return;
            }

            var call = lane.QueuedCall!;
            lane.Queued = null;
            lane.QueuedCall = null;
            var started = TrackLocked(lane, Task.Run(call));
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

    private sealed class Lane(TKey key)
    {
        public TKey Key { get; } = key;

        public Task<TResult>? Running { get; set; }

        public TaskCompletionSource<TResult>? Queued { get; set; }

        public Func<Task<TResult>>? QueuedCall { get; set; }

        public DateTimeOffset? LastStarted { get; set; }

        public bool Retired { get; set; }
    }
}
