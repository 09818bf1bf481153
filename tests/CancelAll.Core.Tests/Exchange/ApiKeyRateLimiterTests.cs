using CancelAll.Core.Exchange;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Exchange;

/// <summary>The limiter on a fake clock: what is granted when, decided by the schedule alone (no wall-clock timing).</summary>
public class ApiKeyRateLimiterTests
{
    private const string KeyA = "key-a";
    private const string KeyB = "key-b";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(BitgetEndpoints.V2CancelAllOrders, 10)]
    [InlineData(BitgetEndpoints.V2AllPositions, 5)]
    [InlineData(BitgetEndpoints.V2ClosePositions, 1)]
    [InlineData(BitgetEndpoints.V3CancelSymbolOrder, 5)]
    [InlineData(BitgetEndpoints.V3CancelStrategyOrder, 10)]
    [InlineData(BitgetEndpoints.V3UnfilledOrders, 20)]
    [InlineData(BitgetEndpoints.V3CountdownCancelAll, 1)]
    [InlineData("/api/v9/not/in/the/table", 7)]
    public async Task A_group_with_an_empty_last_second_spends_its_limit_at_once_then_waits_for_the_first_to_leave_the_second_and_paces(string path, int limit)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        // V2 paths also count against the key-wide RequestsPerSecond, at least their own limit here.
        var limiter = Create(time, new ExchangeOptions { RequestsPerSecond = path.StartsWith("/api/v2/", StringComparison.Ordinal) ? 10 : 7, ArrivalAllowance = TimeSpan.FromMilliseconds(10) });
        var window = TimeSpan.FromMilliseconds(1010);
        var interval = window / limit;

        var waits = Enumerable.Range(0, limit + 2).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, path, default))).ToList();

        Assert.All(waits.Take(limit), w => Assert.True(w.IsCompletedSuccessfully, "a permit of the first burst waited"));
        var start = time.GetUtcNow();

        // Permit limit + 1 goes when the first leaves the second (plus the allowance); the one after it is paced, not a new burst.
        foreach (var (n, slot) in new[] { (limit, start + window), (limit + 1, start + window + interval) })
        {
            time.SetUtcNow(slot - TimeSpan.FromTicks(1));
            await Task.Yield();
            Assert.False(waits[n].IsCompleted, $"permit {n + 1} came before {(slot - start).TotalMilliseconds} ms");

            // Timers tick in whole milliseconds: granted at most one after the slot.
            time.SetUtcNow(slot + TimeSpan.FromMilliseconds(1));
            await waits[n].WaitAsync(Patience);
        }
    }

    [Theory]
    [InlineData(BitgetEndpoints.V3ClosePositions, 5)]
    [InlineData(BitgetEndpoints.V3CancelStrategyOrder, 10)]
    [InlineData(BitgetEndpoints.V3UnfilledOrders, 20)]
    [InlineData(BitgetEndpoints.V2ClosePositions, 1)]
    [InlineData(BitgetEndpoints.V2CancelAllOrders, 10)]
    public async Task No_sliding_second_holds_more_than_the_limit_under_a_storm_and_the_rate_stays_within_two_percent(string path, int limit)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.FromMilliseconds(10), TotalTimeout = TimeSpan.FromMinutes(1), RateLimitQueue = 1000 });
        var granted = new List<Task<DateTimeOffset>>();
        void Storm(int count) => granted.AddRange(Enumerable.Range(0, count).Select(_ => GrantedAt(limiter.AcquireAsync(KeyA, path, default), time)));

        // A storm at once, more requests while it drains, and after a quiet second a second storm. Off the test's
        // synchronization context, so that each grant runs inside the clock step that makes it due.
        await Task.Run(() =>
        {
            Storm((limit * 3) + 1);
            for (var ms = 1; ms <= 12_000; ms++)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
                if (ms == 1_500)
                {
                    Storm(limit);
                }

                if (ms == 7_000)
                {
                    Storm((limit * 2) + 1);
                }
            }
        });

        Assert.All(granted, g => Assert.True(g.IsCompletedSuccessfully, "a permit was never granted"));
        var at = granted.Select(g => g.Result).Order().ToList();
        var most = at.Select((t, i) => at.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(most <= limit, $"{most} permits within one second at {limit}/s");

        // The first storm and the requests that joined it, (limit × 4) + 1 permits: the first burst at once, the rest paced.
        var firstRun = at.Take((limit * 4) + 1).ToList();
        var rate = (firstRun.Count - 1) / (firstRun[^1] - firstRun[0]).TotalSeconds;
        Assert.True(rate >= limit * 0.98 && rate <= limit, $"{rate:0.00}/s at {limit}/s");
        var secondStorm = at.Skip(firstRun.Count).ToList();
        Assert.True(secondStorm.Take(limit).All(t => t == DateTimeOffset.UnixEpoch.AddSeconds(7)), "the second storm, after a quiet second, was not one burst of the limit");
    }

    [Fact]
    public async Task A_backlog_for_one_key_never_delays_another_key_nor_another_path()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { TotalTimeout = TimeSpan.FromMinutes(5) });
        var backlog = Enumerable.Range(0, 1500).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default))).ToList();

        var otherKey = AnsweredAtOnce(limiter.AcquireAsync(KeyB, BitgetEndpoints.V2CancelAllOrders, default));
        var otherPath = AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V3CancelSymbolOrder, default));

        Assert.True(otherKey.IsCompletedSuccessfully, "another account's kill waited behind this one's backlog");
        Assert.True(otherPath.IsCompletedSuccessfully, "another endpoint of the same key waited behind cancel-all's backlog");
        // The backlog itself got one burst of cancel-all's limit and waits for the rest.
        Assert.Equal(10, backlog.Count(t => t.IsCompleted));
    }

    [Fact]
    public async Task A_request_in_several_groups_gets_one_slot_that_keeps_every_group_within_its_limit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.Zero });
        var at = (double ms) => DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(ms);

        // Eight cancel-alls take eight of the key-wide V2 ten at once. All-position (5/s, also key-wide) has its own
        // five, but only two key-wide permits are left: the third waits for the key-wide second, the fourth is paced.
        var cancels = Enumerable.Range(0, 8).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default))).ToList();
        var positions = Enumerable.Range(0, 4).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2AllPositions, default))).ToList();

        Assert.All(cancels, c => Assert.True(c.IsCompletedSuccessfully, "a cancel-all of the first burst waited"));
        Assert.True(positions[0].IsCompletedSuccessfully && positions[1].IsCompletedSuccessfully, "all-position waited though the key had two of its ten left");
        Assert.False(positions[2].IsCompleted, "an eleventh V2 call of the key within one second");

        time.SetUtcNow(at(999));
        await Task.Yield();
        Assert.False(positions[2].IsCompleted, "an eleventh V2 call of the key within one second");
        time.SetUtcNow(at(1000));
        await positions[2].WaitAsync(Patience);

        // Then the key-wide group paces (100 ms at 10/s), though all-position itself has two of its five left.
        time.SetUtcNow(at(1099));
        await Task.Yield();
        Assert.False(positions[3].IsCompleted, "the key-wide group burst again within its second");
        time.SetUtcNow(at(1100));
        await positions[3].WaitAsync(Patience);

        // Three more all-positions: the first two spend all-position's last burst permit and then its pacing starts,
        // each at the key-wide pace (1200, 1300 ms); the third keeps all-position's own 200 ms after the second
        // (1500 ms), though the key-wide group would let it go at 1400 ms.
        var more = Enumerable.Range(0, 3).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2AllPositions, default))).ToList();
        time.SetUtcNow(at(1200));
        await more[0].WaitAsync(Patience);
        time.SetUtcNow(at(1300));
        await more[1].WaitAsync(Patience);
        time.SetUtcNow(at(1499));
        await Task.Yield();
        Assert.False(more[2].IsCompleted, "two all-position calls less than 200 ms apart after its burst was spent");
        time.SetUtcNow(at(1500));
        await more[2].WaitAsync(Patience);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_with_a_rate_limited_error_that_says_what_to_do()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { RateLimitQueue = 3 });

        // Cancel-all's ten go at once; three more wait.
        var admitted = Enumerable.Range(0, 13).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default))).ToList();

        var refused = await Assert.ThrowsAsync<ExchangeException>(() => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default)));

        Assert.Equal(ExchangeErrorKind.RateLimited, refused.Kind);
        Assert.True(refused.IsTransient);
        Assert.Contains(BitgetEndpoints.V2CancelAllOrders, refused.Message, StringComparison.Ordinal);
        Assert.Contains("3 requests are already waiting", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Send fewer targets per command", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, refused.Message, StringComparison.Ordinal);

        // The queued ones are still served, in order, and the queue takes new requests once it drains.
        time.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(admitted).WaitAsync(Patience);
        await AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default)).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_wait_longer_than_the_total_timeout_is_refused_at_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { TotalTimeout = TimeSpan.FromSeconds(2), AttemptTimeout = TimeSpan.FromSeconds(1) });
        // Close-positions is 1/s: slots at 0 and 1.01 s fit in 2 s, the third (2.02 s) does not.
        var admitted = Enumerable.Range(0, 2).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, default))).ToList();

        var refused = await Assert.ThrowsAsync<ExchangeException>(() => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, default)));

        Assert.Equal(ExchangeErrorKind.RateLimited, refused.Kind);
        Assert.Contains("longer than 2 s", refused.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(3));
        await Task.WhenAll(admitted).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_its_slot_unused_and_the_next_one_keeps_its_own()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.Zero });
        using var cancel = new CancellationTokenSource();
        await AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, default));
        var cancelled = AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, cancel.Token));
        var next = AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, default));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        time.Advance(TimeSpan.FromSeconds(1.5));
        await Task.Yield();
        Assert.False(next.IsCompleted, "a cancelled wait handed its slot to a later request: two permits within a second");
        time.Advance(TimeSpan.FromSeconds(0.5));
        await next.WaitAsync(Patience);
    }

    [Fact]
    public void The_allowance_is_validated_at_start_up()
    {
        var result = new ExchangeOptionsValidator().Validate(null, new ExchangeOptions { ArrivalAllowance = TimeSpan.FromSeconds(1) });
        Assert.True(result.Failed);
        Assert.Contains("CancelAll:Exchange:ArrivalAllowance", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_late_answer_moves_the_permit_a_limit_later_by_the_delay_it_had()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.Zero });
        var at = (double ms) => DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(ms);

        // V3 close-positions, 5/s: five at once. Permit 1's answer comes 300 ms late (a new connection, a stall).
        var permits = Enumerable.Range(0, 7).Select(_ => limiter.AcquireAsync(KeyA, BitgetEndpoints.V3ClosePositions, default).AsTask()).ToList();
        Assert.All(permits.Take(5), p => Assert.True(p.IsCompletedSuccessfully, "a permit of the first burst waited"));
        foreach (var n in new[] { 0, 2, 3, 4 })
        {
            (await permits[n]).Dispose();
        }

        time.SetUtcNow(at(300));
        (await permits[1]).Dispose();

        // Permit 5 follows permit 0 (answered at once) by a second. Permit 6 would be paced to 1200 ms, but it must
        // follow permit 1's stamp (300 ms) by a second.
        time.SetUtcNow(at(1000));
        (await permits[5].WaitAsync(Patience)).Dispose();
        time.SetUtcNow(at(1299));
        await Task.Yield();
        Assert.False(permits[6].IsCompleted, "the permit five after a late one came less than a second after the late one could have been counted");
        time.SetUtcNow(at(1301));
        (await permits[6].WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task A_burst_permit_counts_until_its_answer_since_a_burst_on_new_connections_has_no_fast_answer_to_go_by()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.Zero });
        var at = (double ms) => DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(ms);

        // V3 close-positions, 5/s: five at once, every answer 40 ms later, so the fastest answer is 40 ms as well.
        var permits = Enumerable.Range(0, 6).Select(_ => limiter.AcquireAsync(KeyA, BitgetEndpoints.V3ClosePositions, default).AsTask()).ToList();
        Assert.All(permits.Take(5), p => Assert.True(p.IsCompletedSuccessfully, "a permit of the first burst waited"));
        time.SetUtcNow(at(40));
        foreach (var permit in permits.Take(5))
        {
            (await permit).Dispose();
        }

        // Answer less the fastest answer would be 0 ms; the burst's first permit counts until 40 ms instead.
        time.SetUtcNow(at(1039));
        await Task.Yield();
        Assert.False(permits[5].IsCompleted, "the permit after a burst came within a second of the burst's answers");
        time.SetUtcNow(at(1041));
        (await permits[5].WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task A_permit_a_limit_after_an_unanswered_request_waits_for_that_answer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.Zero });
        var first = await limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, default);
        var second = limiter.AcquireAsync(KeyA, BitgetEndpoints.V2ClosePositions, default).AsTask();

        time.Advance(TimeSpan.FromSeconds(5));
        await Task.Yield();
        Assert.False(second.IsCompleted, "sent while the one before it could still be counted at any moment");
        first.Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        (await second.WaitAsync(Patience)).Dispose();
    }

    private static async Task<RateLimitPermit> AnsweredAtOnce(ValueTask<RateLimitPermit> acquiring)
    {
        var permit = await acquiring;
        permit.Dispose();
        return permit;
    }

    /// <summary>When the permit was granted on the fake clock (read as it is granted); answered at once.</summary>
    private static Task<DateTimeOffset> GrantedAt(ValueTask<RateLimitPermit> acquiring, TimeProvider time) =>
        acquiring.AsTask().ContinueWith(
            granted =>
            {
                granted.Result.Dispose();
                return time.GetUtcNow();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private static ApiKeyRateLimiter Create(TimeProvider time, ExchangeOptions options) => new(Options.Create(options), time);
}
