using CancelAll.Core.DeadMan;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Flatten;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>The lapse timer against the test exchange and the real Table client on Azurite.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class LapseTests(Azurite azurite)
{
    private static int Posts(DeadManHarness harness) => harness.Exchange.SignedRequests.Count(r => r.Method == "POST");

    [Fact]
    public async Task A_lapsed_heartbeat_flattens_exactly_once()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        FlattenTests.Seed(harness.Exchange);
        var book = harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey);
        Assert.NotEmpty(book.OpenOrders);
        Assert.NotEmpty(book.OpenPositions);
        await harness.BeatAsync(timeoutSeconds: 10);

        harness.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await harness.RunLapsesAsync()); // not yet
        Assert.Empty(harness.Exchange.SignedRequests);

        harness.Clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = Assert.Single(await harness.RunLapsesAsync());
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(("main", "flatten", "timer"), (outcome.Account, outcome.Scope, outcome.Source));
        Assert.StartsWith("deadman-main-", outcome.CorrelationId, StringComparison.Ordinal);
        Assert.Contains("no heartbeat since", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(book.OpenOrders);
        Assert.Empty(book.OpenPlans);
        Assert.Empty(book.OpenPositions);

        // The same lapse never runs again, however often the timer fires.
        var posts = Posts(harness);
        foreach (var step in new[] { 1, 10, 600 })
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(step));
            Assert.Empty(await harness.RunLapsesAsync());
        }

        Assert.Equal(posts, Posts(harness));
        var reply = Assert.Single(harness.Replies);
        Assert.Equal(outcome.CorrelationId, reply.CorrelationId);
        var row = Assert.Single(await harness.Store.ListAsync(CancellationToken.None));
        Assert.Equal(("Fired", "Succeeded", outcome.CorrelationId), (row.State, row.LapseStatus, row.LapseCorrelationId));
    }

    [Fact]
    public async Task Concurrent_lapse_runs_flatten_once()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        for (var round = 0; round < 3; round++)
        {
            FlattenTests.Seed(harness.Exchange);
            await harness.BeatAsync(timeoutSeconds: 5);
            await harness.BeatAsync(account: "hedge", timeoutSeconds: 5, secret: DeadManHarness.OtherSecret);
            harness.Clock.Advance(TimeSpan.FromSeconds(6));

            // Four timer runs at once, each with its own handler, as on four instances.
            var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => harness.RunLapsesAsync(harness.Exchange.Get<LapseHandler>()))));

            var outcomes = runs.SelectMany(r => r).ToList();
            Assert.Equal(["hedge", "main"], outcomes.Select(o => o.Account).Order(StringComparer.Ordinal));
            Assert.Equal(2 * (round + 1), harness.Replies.Count);
        }

        Assert.Equal(6, harness.Replies.Count);
        Assert.Empty(harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey).OpenPositions);
    }

    [Fact]
    public async Task Heartbeats_in_time_keep_the_switch_quiet_and_a_fresh_heartbeat_re_arms_it_after_a_lapse()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        FlattenTests.Seed(harness.Exchange);

        // A bot beating every 4 s with a 10 s timeout, the timer every second, for a minute: nothing fires.
        for (var second = 0; second < 60; second++)
        {
            if (second % 4 == 0)
            {
                await harness.BeatAsync(timeoutSeconds: 10);
            }

            Assert.Empty(await harness.RunLapsesAsync());
            harness.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Empty(harness.Exchange.SignedRequests);

        harness.Clock.Advance(TimeSpan.FromSeconds(11));
        var first = Assert.Single(await harness.RunLapsesAsync());

        // The bot comes back: the switch is armed again and fires again at the next lapse, under a new id.
        var rearmed = await harness.BeatAsync(timeoutSeconds: 10);
        Assert.Equal("Armed", rearmed.Answer.State);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(await harness.RunLapsesAsync());
        harness.Clock.Advance(TimeSpan.FromSeconds(6));
        var again = Assert.Single(await harness.RunLapsesAsync());
        Assert.NotEqual(first.CorrelationId, again.CorrelationId);
        Assert.Equal(OutcomeStatus.NothingToCancel, again.Status);
        Assert.Equal(2, harness.Replies.Count);
    }

    [Fact]
    public async Task A_disarmed_switch_does_not_fire()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        await harness.BeatAsync(timeoutSeconds: 10);
        var disarmed = await harness.Heartbeats.HandleAsync(DeadManHarness.Request("""{"account":"main","disarm":true}"""), CancellationToken.None);

        Assert.Equal(("Recorded", "Disarmed"), (disarmed.Answer.Status, disarmed.Answer.State));
        Assert.Null(disarmed.Answer.LapsesAt);
        harness.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await harness.RunLapsesAsync());
        Assert.Empty(harness.Exchange.SignedRequests);
    }

    [Fact]
    public async Task A_claim_whose_run_died_is_taken_over_after_the_claim_timeout_with_the_same_id()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite);
        FlattenTests.Seed(harness.Exchange);
        await harness.BeatAsync(timeoutSeconds: 10);
        harness.Clock.Advance(TimeSpan.FromSeconds(11));

        // An instance claimed the lapse and died before cancelling: the row says Firing.
        var row = Assert.Single(await harness.Store.ListAsync(CancellationToken.None));
        row.State = nameof(SwitchState.Firing);
        row.ClaimedAt = harness.Clock.GetUtcNow();
        row.LapseCorrelationId = $"deadman-main-{row.BeatId}";
        Assert.NotNull(await harness.Store.TryReplaceAsync(row, row.ETag, CancellationToken.None));

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await harness.RunLapsesAsync()); // the claim may still be running
        harness.Clock.Advance(TimeSpan.FromMinutes(6));
        var outcome = Assert.Single(await harness.RunLapsesAsync());
        Assert.Equal(row.LapseCorrelationId, outcome.CorrelationId);
        Assert.Empty(harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey).OpenPositions);
    }

    [Fact]
    public async Task An_account_taken_out_of_the_settings_after_it_lapsed_is_recorded_as_rejected()
    {
        await using var harness = await DeadManHarness.StartAsync(azurite, accounts: """[{"account":"hedge"}]""");
        var row = new HeartbeatEntity { RowKey = "main", BeatId = "b1", LastBeatAt = harness.Clock.GetUtcNow(), TimeoutSeconds = 5, LapsesAt = harness.Clock.GetUtcNow().AddSeconds(5) };
        Assert.NotNull(await harness.Store.TryReplaceAsync(row, default, CancellationToken.None));
        harness.Clock.Advance(TimeSpan.FromSeconds(6));

        var outcome = Assert.Single(await harness.RunLapsesAsync());
        Assert.Equal(OutcomeStatus.Rejected, outcome.Status);
        Assert.Contains("no longer in CancelAll:DeadMan:Accounts", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("Rejected", Assert.Single(harness.Replies).Status);
        Assert.Empty(harness.Exchange.SignedRequests);
    }
}
