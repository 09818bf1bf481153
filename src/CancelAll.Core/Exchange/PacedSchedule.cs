namespace CancelAll.Core.Exchange;

/// <summary>
/// One API key's permits, per group. Two rules, both needed:
/// <list type="bullet">
/// <item>Pacing (a GCRA schedule with a burst of one): in each group, a permit is due no sooner than one interval,
/// (1 s + allowance) / limit, after the group's previous one; a request in several groups gets one slot that suits all,
/// reserved in all at once. Paced requests never leave in a burst, so a sustained stream gets limit / (1 + allowance)
/// per second and no sliding second holds more than the limit, as long as each request takes the usual time to arrive.</item>
/// <item>A log of the last <c>limit</c> permits of each group, each stamped with the latest time the exchange can have
/// counted it: its answer's time less the endpoint's fastest answer so far. A request that was slow to arrive (a new
/// connection being set up, a stalled server) answers late, so its stamp moves later, and the permit <c>limit</c>
/// after it waits until a full second (plus the allowance) after that stamp; a permit whose predecessor by
/// <c>limit</c> is still unanswered waits for that answer. This replaces the old fixed 200 ms margin: a
/// request pays for a delay only when a delay really happened.</item>
/// </list>
/// Each waiter reserves its slot when it asks: the wait is one timer and the order is first come, first served.
/// A waiter that is cancelled leaves its slot unused (never a permit too many).
/// </summary>
internal sealed class PacedSchedule(TimeProvider time, TimeSpan allowance, int queueLimit, TimeSpan maxWait)
{
    private readonly Lock sync = new();
    private readonly Dictionary<string, Group> groups = new(StringComparer.Ordinal);
    private readonly long window = Timestamps(TimeSpan.FromSeconds(1) + allowance, time);

    /// <summary>Waits until a request may be sent in every group; the permit is disposed when its answer (or failure) is in.</summary>
    public async ValueTask<(Permit? Permit, Refusal? Refusal)> WaitAsync(IReadOnlyList<RateLimitGroup> limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var held = new Group[limits.Count];
        long slot;
        lock (sync)
        {
            var now = time.GetTimestamp();
            slot = now;
            for (var i = 0; i < limits.Count; i++)
            {
                held[i] = GroupFor(limits[i], now);
                slot = Math.Max(slot, held[i].Next);
            }

            var wait = time.GetElapsedTime(now, slot);
            for (var i = 0; i < limits.Count; i++)
            {
                if (wait > TimeSpan.Zero && held[i].Waiting >= queueLimit)
                {
                    return (null, new Refusal(limits[i], $"{held[i].Waiting} requests are already waiting", wait));
                }

                if (wait > maxWait)
                {
                    return (null, new Refusal(limits[i], $"the wait would be longer than {maxWait.TotalSeconds:0.#} s", wait));
                }
            }

            foreach (var group in held)
            {
                group.Next = slot + group.Interval;
                group.Waiting++;
            }
        }

        try
        {
            while (true)
            {
                await DelayUntilAsync(slot, cancellationToken).ConfigureAwait(false);
                Task? unanswered = null;
                lock (sync)
                {
                    var now = time.GetTimestamp();
                    slot = now;
                    foreach (var group in held)
                    {
                        if (group.Sent.Count >= group.Limit && group.Sent.Peek() is var oldest)
                        {
                            if (oldest.AnsweredAt is { } answeredAt)
                            {
                                // The latest time the exchange can have counted it, by what is known now.
                                var stamp = answeredAt - oldest.Groups[0].FastestAnswer;
                                slot = Math.Max(slot, stamp + window);
                            }
                            else
                            {
                                unanswered = oldest.Answered;
                            }
                        }
                    }

                    if (unanswered is null && slot <= now)
                    {
                        var permit = new Permit(this, held, now);
                        foreach (var group in held)
                        {
                            if (group.Sent.Count >= group.Limit)
                            {
                                group.Sent.Dequeue();
                            }

                            group.Sent.Enqueue(permit);
                        }

                        return (permit, null);
                    }

                    // Keep the pace after a permit that had to wait for an earlier one's late answer.
                    foreach (var group in held)
                    {
                        group.Next = Math.Max(group.Next, slot + group.Interval);
                    }
                }

                if (unanswered is not null)
                {
                    await unanswered.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lock (sync)
            {
                foreach (var group in held)
                {
                    group.Waiting--;
                }
            }
        }
    }

    private async ValueTask DelayUntilAsync(long slot, CancellationToken cancellationToken)
    {
        // Timers round to whole milliseconds and may fire a little early: never hand out a permit before its slot.
        for (var left = time.GetElapsedTime(time.GetTimestamp(), slot); left > TimeSpan.Zero; left = time.GetElapsedTime(time.GetTimestamp(), slot))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Answered(Permit permit)
    {
        lock (sync)
        {
            // The endpoint's own group learns how fast this kind of request is answered at best.
            var now = time.GetTimestamp();
            var endpoint = permit.Groups[0];
            endpoint.FastestAnswer = Math.Min(endpoint.FastestAnswer, now - permit.SentAt);
            permit.AnsweredAt = now;
        }
    }

    private Group GroupFor(RateLimitGroup limit, long now)
    {
        if (!groups.TryGetValue(limit.Name, out var group))
        {
            group = new Group(limit.PerSecond, Timestamps((TimeSpan.FromSeconds(1) + allowance) / limit.PerSecond, time)) { Next = now };
            groups.Add(limit.Name, group);
        }

        return group;
    }

    private static long Timestamps(TimeSpan span, TimeProvider time) =>
        Math.Max(1, checked((long)((Int128)span.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond)));

    /// <summary>Why a request was not given a slot.</summary>
    internal sealed record Refusal(RateLimitGroup Group, string Reason, TimeSpan NextSlotIn);

    /// <summary>One sent request; disposing it records that its answer (or failure) is in.</summary>
    internal sealed class Permit(PacedSchedule owner, Group[] groups, long sentAt) : IDisposable
    {
        private readonly TaskCompletionSource answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long SentAt { get; } = sentAt;

        internal Group[] Groups { get; } = groups;

        /// <summary>
        /// When its answer (or failure) came in; null until then. Less the endpoint's fastest answer, it is the latest
        /// time the exchange can have counted the request: an answer that took longer than the fastest one took
        /// longer to arrive, or was counted later, by at most the difference. The fastest answer only gets faster,
        /// so this estimate only moves later as more answers come in.
        /// </summary>
        public long? AnsweredAt { get; set; }

        public Task Answered => answered.Task;

        public void Dispose()
        {
            if (!answered.Task.IsCompleted)
            {
                owner.Answered(this);
                answered.TrySetResult();
            }
        }
    }

    internal sealed class Group(int limit, long interval)
    {
        public int Limit { get; } = limit;

        public long Interval { get; } = interval;

        /// <summary>When the next permit is due, in the clock's timestamps.</summary>
        public long Next { get; set; }

        public int Waiting { get; set; }

        /// <summary>The last <see cref="Limit"/> permits, oldest first.</summary>
        public Queue<Permit> Sent { get; } = new();

        public long FastestAnswer { get; set; } = long.MaxValue;
    }
}
