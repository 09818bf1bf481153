using CancelAll.Core.Hold;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.DeadMan;

namespace CancelAll.Core.Tests.Hold;

/// <summary>
/// A hold's row goes when nothing needs it (its last repeat, its release, or a later release's sweep), and a copy or
/// redelivery that comes after the row went still costs no exchange call. Real Table client on Azurite.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class HoldLifetimeTests(Azurite azurite)
{
    private const string Held = """{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":3,"correlationId":"hold-a"}""";

    [Fact]
    public async Task The_row_goes_with_the_last_repeat_and_a_late_copy_of_it_makes_no_exchange_call()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        FakeMessage? lastMessage = null;
        while (harness.Bus.Pending(HoldHarness.RequestQueue).Count > 0)
        {
            Assert.Single(await Rows(harness)); // the row lives while repeats are due
            lastMessage = harness.Bus.Pending(HoldHarness.RequestQueue).MinBy(m => m.ScheduledAt);
            Assert.Single(await harness.NextRepeatAsync());
        }

        Assert.Empty(await Rows(harness));

        // The last repeat again (a redelivery, or a copy after the duplicate window), while the bot trades.
        harness.Book.Place(2);
        var requests = harness.Exchange.SignedRequests.Count;
        var late = await harness.DeliverAsync(lastMessage!, deliveryCount: 2);

        Assert.Equal((OutcomeStatus.Ignored, QueueDisposition.Complete), (late.Outcome.Status, late.Disposition));
        Assert.Equal(requests, harness.Exchange.SignedRequests.Count);
        Assert.Equal(2, harness.Book.Open);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task A_release_deletes_the_row_and_every_copy_of_a_repeat_then_makes_no_exchange_call()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        var first = Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        await harness.NextRepeatAsync();

        var release = await harness.PostAsync("""{"release":"hold-a"}""");

        Assert.Equal(200, release.StatusCode);
        Assert.Empty(await Rows(harness));
        harness.Book.Place(2);
        var requests = harness.Exchange.SignedRequests.Count;
        var scheduled = await harness.NextRepeatAsync();
        var redelivered = await harness.DeliverAsync(first, deliveryCount: 3);

        Assert.All(scheduled.Append(redelivered), r => Assert.Equal(QueueDisposition.Complete, r.Disposition));
        Assert.Equal(requests, harness.Exchange.SignedRequests.Count);
        Assert.Equal(2, harness.Book.Open);
    }

    [Fact]
    public async Task A_new_hold_on_a_target_whose_row_went_is_not_checked_again_by_a_late_repeat_of_the_old_chain()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        var oldRepeat = Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        await harness.PostAsync("""{"release":"hold-a"}""");
        Assert.Empty(await Rows(harness));
        Assert.Single(await harness.NextRepeatAsync()); // the old chain's repeat, delivered: no row, the chain ends

        // Later, a new hold on the same target: its kill checked the current interval.
        harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await harness.SendAsync(Held.Replace("hold-a", "hold-b", StringComparison.Ordinal), "req-2");
        harness.Book.Place(1);
        var requests = harness.Exchange.SignedRequests.Count;

        // A copy of the old chain's repeat, for an interval before the new hold's kill, arrives late.
        var late = await harness.DeliverAsync(oldRepeat, deliveryCount: 2);

        Assert.Equal(QueueDisposition.Complete, late.Disposition);
        Assert.Equal(requests, harness.Exchange.SignedRequests.Count);
        Assert.Equal(1, harness.Book.Open);

        // The new hold's own repeat does its job.
        var repeat = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal(("hold-b", 1), (repeat.Outcome.Hold!.Id, repeat.Outcome.CancelledCount));
    }

    [Fact]
    public async Task A_release_sweeps_rows_whose_holds_have_all_ended_and_keeps_live_ones()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);

        // A hold whose repeats could not be scheduled (Service Bus down): no chain will ever reach its row.
        harness.Bus.FailWith = 503;
        await harness.SendAsync(Held, "req-1");
        harness.Bus.FailWith = null;
        Assert.Single(await Rows(harness));

        harness.Clock.Advance(TimeSpan.FromMinutes(4)); // hold-a has ended
        await harness.SendAsync(Held.Replace("hold-a", "hold-b", StringComparison.Ordinal).Replace("USDT-FUTURES", "USDC-FUTURES", StringComparison.Ordinal), "req-2");
        await harness.SendAsync(Held.Replace("hold-a", "hold-c", StringComparison.Ordinal).Replace("\"USDT-FUTURES\"", "\"COIN-FUTURES:BTC\"", StringComparison.Ordinal), "req-3");
        Assert.Equal(3, (await Rows(harness)).Count);

        var release = await harness.PostAsync("""{"release":"hold-b"}""");

        Assert.Equal(200, release.StatusCode);
        var left = Assert.Single(await Rows(harness));
        Assert.Equal("hold-c", Assert.Single(left.ReadHolds()).Id);
    }

    private static Task<IReadOnlyList<HoldEntity>> Rows(HoldHarness harness) => harness.Exchange.Get<HoldStore>().ListAsync(CancellationToken.None);
}
