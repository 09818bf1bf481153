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
    public async Task Permits_for_a_path_come_one_per_interval_of_its_limit_plus_the_allowance(string path, int limit)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        // V2 paths also count against the key-wide RequestsPerSecond, at least their own limit here.
        var limiter = Create(time, new ExchangeOptions { RequestsPerSecond = path.StartsWith("/api/v2/", StringComparison.Ordinal) ? 10 : 7, ArrivalAllowance = TimeSpan.FromMilliseconds(10) });
        var interval = TimeSpan.FromMilliseconds(1010) / limit;

        var waits = Enumerable.Range(0, limit + 1).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, path, default))).ToList();

        Assert.True(waits[0].IsCompletedSuccessfully, "the first permit is free");
        var start = time.GetUtcNow();
        for (var n = 1; n <= limit; n++)
        {
            var slot = start + (interval * n);
            time.SetUtcNow(slot - TimeSpan.FromTicks(1));
            await Task.Yield();
            Assert.False(waits[n].IsCompleted, $"permit {n} came before its slot");

            // Timers tick in whole milliseconds: granted at most one after the slot, and the schedule does not drift.
            time.SetUtcNow(slot + TimeSpan.FromMilliseconds(1));
            await waits[n].WaitAsync(Patience);
        }

        // limit + 1 permits span limit intervals: more than a second, so no second holds more than the limit.
        Assert.True(interval * limit > TimeSpan.FromSeconds(1));
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
        Assert.Equal(1, backlog.Count(t => t.IsCompleted));
    }

    [Fact]
    public async Task A_request_in_several_groups_gets_one_slot_that_keeps_every_group_spacing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { ArrivalAllowance = TimeSpan.Zero });

        // Three cancel-alls take the key-wide V2 slots at 0, 100 and 200 ms; all-position (5/s, also key-wide) then gets 300 ms.
        var cancels = Enumerable.Range(0, 3).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default))).ToList();
        var positions = AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2AllPositions, default));
        var positionsAgain = AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2AllPositions, default));

        time.SetUtcNow(DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(299));
        await Task.Yield();
        Assert.False(positions.IsCompleted, "all-position went ahead of the key-wide V2 schedule");
        time.SetUtcNow(DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(300));
        await positions.WaitAsync(Patience);

        // The second all-position keeps its own 200 ms spacing after the first, though the key-wide group is free sooner.
        time.SetUtcNow(DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(499));
        await Task.Yield();
        Assert.False(positionsAgain.IsCompleted, "two all-position calls less than 200 ms apart");
        time.SetUtcNow(DateTimeOffset.UnixEpoch + TimeSpan.FromMilliseconds(500));
        await positionsAgain.WaitAsync(Patience);
        await Task.WhenAll(cancels).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_with_a_rate_limited_error_that_says_what_to_do()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var limiter = Create(time, new ExchangeOptions { RateLimitQueue = 3 });
        var admitted = Enumerable.Range(0, 4).Select(_ => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default))).ToList();

        var refused = await Assert.ThrowsAsync<ExchangeException>(() => AnsweredAtOnce(limiter.AcquireAsync(KeyA, BitgetEndpoints.V2CancelAllOrders, default)));

        Assert.Equal(ExchangeErrorKind.RateLimited, refused.Kind);
        Assert.True(refused.IsTransient);
        Assert.Contains(BitgetEndpoints.V2CancelAllOrders, refused.Message, StringComparison.Ordinal);
        Assert.Contains("3 requests are already waiting", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Send fewer targets per command", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, refused.Message, StringComparison.Ordinal);

        // The queued ones are still served, in order, and the queue takes new requests once it drains.
        time.Advance(TimeSpan.FromSeconds(1));
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

        // V3 close-positions, 5/s: paced 200 ms apart. Permit 1's answer comes 300 ms late (a new connection, a stall).
        var permits = Enumerable.Range(0, 7).Select(_ => limiter.AcquireAsync(KeyA, BitgetEndpoints.V3ClosePositions, default).AsTask()).ToList();
        for (var n = 0; n < 5; n++)
        {
            time.SetUtcNow(at(200 * n));
            var permit = await permits[n].WaitAsync(Patience);
            if (n != 1)
            {
                permit.Dispose();
            }

            if (n == 2)
            {
                time.SetUtcNow(at(500));
                (await permits[1]).Dispose();
            }
        }

        // Permit 5 follows permit 0 (answered at once) by a second; permit 6 must follow permit 1's stamp (500 ms) by one.
        time.SetUtcNow(at(1000));
        (await permits[5].WaitAsync(Patience)).Dispose();
        time.SetUtcNow(at(1499));
        await Task.Yield();
        Assert.False(permits[6].IsCompleted, "the permit five after a late one came less than a second after the late one could have been counted");
        time.SetUtcNow(at(1501));
        (await permits[6].WaitAsync(Patience)).Dispose();
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

    private static ApiKeyRateLimiter Create(TimeProvider time, ExchangeOptions options) => new(Options.Create(options), time);
}
