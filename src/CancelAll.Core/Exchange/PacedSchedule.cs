namespace CancelAll.Core.Exchange;

/// <summary>
/// One API key's permits, per group. Two rules, both needed:
/// <list type="bullet">
/// <item>Shape: a group whose last second is empty may spend its whole <c>limit</c> at once (a flatten's few calls to
/// one endpoint need not wait for each other); after such a burst the group is paced, a permit due no sooner than one
/// interval, (1 s + allowance) / limit, after the previous one, starting when the burst's first permit leaves the
/// second. A request in several groups gets one slot that suits all, reserved in all at once.</item>
/// <item>Safety: a log of the last <c>limit</c> permits of each group, each stamped with the latest time the exchange
/// can have counted it: its answer's time less the endpoint's fastest answer so far (for a burst's permit, its answer's
/// time). The permit <c>limit</c> after another waits until a full second (plus the allowance) after that stamp, and a
/// permit whose predecessor by <c>limit</c> is still unanswered waits for that answer. So no sliding second the
/// exchange counts holds more than the limit, whatever the shape rule allowed, and a request that was slow to arrive
/// (a new connection, a stalled server) delays only the permit one limit after it, by the delay it really had.</item>
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
        var inBurst = false;
        lock (sync)
        {
            var now = time.GetTimestamp();
            slot = now;
            for (var i = 0; i < limits.Count; i++)
            {
                held[i] = GroupFor(limits[i], now);
                if (now - held[i].LastSlot >= window)
                {
                    // Nothing of this group's went in the last second: it may spend its whole limit at once again.
                    held[i].BurstLeft = held[i].Limit;
                }

                slot = Math.Max(slot, held[i].BurstLeft > 0 ? now : held[i].Next);
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
                if (group.BurstLeft == group.Limit)
                {
                    // Pacing after this burst starts when its first permit leaves the second.
                    group.Next = slot + window;
                }

                if (group.BurstLeft > 0)
                {
                    group.BurstLeft--;
                    inBurst = true;
                }
                else
                {
                    group.Next = slot + group.Interval;
                }

                group.LastSlot = Math.Max(group.LastSlot, slot);
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
                                // The latest time the exchange can have counted it, by what is known now. A burst's
                                // requests go at once, often on new connections whose set-up inflates every answer
                                // time of the burst, the fastest too: their answer time itself is the safe stamp.
                                var stamp = oldest.InBurst ? answeredAt : answeredAt - oldest.Groups[0].FastestAnswer;
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
                        var permit = new Permit(this, held, now, inBurst);
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
                        group.LastSlot = Math.Max(group.LastSlot, slot);
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
            group = new Group(limit.PerSecond, Timestamps((TimeSpan.FromSeconds(1) + allowance) / limit.PerSecond, time)) { Next = now, LastSlot = now - window };
            groups.Add(limit.Name, group);
        }

        return group;
    }

    private static long Timestamps(TimeSpan span, TimeProvider time) =>
        Math.Max(1, checked((long)((Int128)span.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond)));

    /// <summary>Why a request was not given a slot.</summary>
    internal sealed record Refusal(RateLimitGroup Group, string Reason, TimeSpan NextSlotIn);

    /// <summary>One sent request; disposing it records that its answer (or failure) is in.</summary>
    internal sealed class Permit(PacedSchedule owner, Group[] groups, long sentAt, bool inBurst) : IDisposable
    {
        private readonly TaskCompletionSource answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long SentAt { get; } = sentAt;

        /// <summary>Whether it went as part of a burst (a group's fresh second) rather than paced.</summary>
        public bool InBurst { get; } = inBurst;

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

        /// <summary>The latest slot handed out or reserved; a second after it the group's budget is fresh.</summary>
        public long LastSlot { get; set; }

        /// <summary>Permits left of the burst allowed when the group's last second was empty; paced once none is left.</summary>
        public int BurstLeft { get; set; }

        public int Waiting { get; set; }

        /// <summary>The last <see cref="Limit"/> permits, oldest first.</summary>
        public Queue<Permit> Sent { get; } = new();

        public long FastestAnswer { get; set; } = long.MaxValue;
    }
}
