using System.Collections.Concurrent;

namespace CancelAll.Core.Outcomes;

/// <summary>
/// Shares exchange calls between identical requests during an alert storm, without ever answering a request with a
/// call that started before it arrived (that call could miss orders placed just before the request).
/// Per key: when idle, a request starts a call. While a call runs, new requests join one queued call that starts
/// when the running one ends, and all of them share its result. Calls for one key also start at least
/// <c>minimumSpacing</c> apart (the exchange's per-key request interval), so requests arriving within that time of a
/// call's start share the next call: a storm that arrives within the spacing makes at most two calls, however the
/// arrivals spread. Different keys never wait on each other.
/// </summary>
public sealed class CallCoalescer<TKey, TResult>(TimeSpan minimumSpacing, TimeProvider timeProvider)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lane> lanes = new();

    public CallCoalescer()
        : this(TimeSpan.Zero, TimeProvider.System)
    {
    }

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

            if (lane.Running is null && SpacingLeft(lane) <= TimeSpan.Zero)
            {
                return StartLocked(lane, call);
            }

            var next = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            lane.Queued = next;
            lane.QueuedCall = call;
            if (lane.Running is null)
            {
                // Idle, but the last call started too recently: start this one when the spacing is over.
                ScheduleQueued(lane, SpacingLeft(lane));
            }

            return next.Task;
        }
    }

    private TimeSpan SpacingLeft(Lane lane) =>
        lane.LastStarted is { } last ? last + minimumSpacing - timeProvider.GetUtcNow() : TimeSpan.Zero;

    private void ScheduleQueued(Lane lane, TimeSpan delay) =>
        _ = Task.Delay(delay, timeProvider).ContinueWith(_ => StartQueued(lane), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private Task<TResult> StartLocked(Lane lane, Func<Task<TResult>> call)
    {
        var running = Task.Run(call);
        lane.Running = running;
        lane.LastStarted = timeProvider.GetUtcNow();
        _ = running.ContinueWith(_ => Advance(lane), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return running;
    }

    // The running call ended: start the queued one, if any, once the spacing allows.
    private void Advance(Lane lane)
    {
        lock (lane)
        {
            lane.Running = null;
            if (lane.Queued is null)
            {
                return;
            }

            var wait = SpacingLeft(lane);
            if (wait > TimeSpan.Zero)
            {
                ScheduleQueued(lane, wait);
                return;
            }
        }

        StartQueued(lane);
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

        public DateTimeOffset? LastStarted { get; set; }
    }
}
