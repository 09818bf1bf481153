using System.Text.Json.Nodes;
using CancelAll.Core.Hold;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.DeadMan;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Hold;

/// <summary>The hold flat on the test exchange, the loopback Service Bus and the real Table client on Azurite.</summary>
[Collection(AzuriteGroup.Name)]
public sealed class HoldTests(Azurite azurite)
{
    private const string Held = """{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":5,"correlationId":"hold-a"}""";

    [Fact]
    public async Task A_runaway_bots_orders_placed_during_a_hold_are_cancelled_within_one_interval()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(3);
        var start = harness.Clock.GetUtcNow();

        var kill = await harness.SendAsync(Held, "req-1");

        Assert.Equal(OutcomeStatus.Succeeded, kill.Outcome.Status);
        Assert.Equal(new OutcomeHold("hold-a", start.AddMinutes(5), HoldPhases.Started), kill.Outcome.Hold);
        var scheduled = Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        Assert.InRange(scheduled.ScheduledAt!.Value, start, start + HoldHarness.Interval);
        Assert.Equal(HoldScheduler.Label, scheduled.Label);
        Assert.Equal(0, harness.Book.Open);

        // The bot comes back to life and places orders; the next repeat takes them.
        harness.Book.Place(2);
        var repeat = Assert.Single(await harness.NextRepeatAsync());

        Assert.Equal(0, harness.Book.Open);
        Assert.InRange(harness.Clock.GetUtcNow() - start, TimeSpan.Zero, HoldHarness.Interval);
        Assert.Equal((OutcomeStatus.Succeeded, 2, QueueDisposition.Complete), (repeat.Outcome.Status, repeat.Outcome.CancelledCount, repeat.Disposition));
        Assert.Equal(new OutcomeHold("hold-a", start.AddMinutes(5), HoldPhases.Repeat), repeat.Outcome.Hold);

        // Both outcomes are on the reply queue; the repeat's carries the hold id.
        var replies = harness.Replies;
        Assert.Equal(2, replies.Count);
        Assert.Equal(("hold-a", "repeat"), (replies[1].Hold!.Id, replies[1].Hold!.Phase));
        Assert.Equal(2, replies[1].CancelledCount);
        var body = JsonNode.Parse(harness.Bus.Messages(HoldHarness.ReplyQueue)[1].Body)!;
        Assert.Equal("hold-a", body["hold"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repeat_that_finds_nothing_is_quiet_and_the_chain_stops_when_the_hold_ends()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var start = harness.Clock.GetUtcNow();
        await harness.SendAsync(Held, "req-1");
        var repliesAfterKill = harness.Replies.Count;

        var repeats = 0;
        while (harness.Bus.Pending(HoldHarness.RequestQueue).Count > 0)
        {
            var result = Assert.Single(await harness.NextRepeatAsync());
            Assert.Equal(QueueDisposition.Complete, result.Disposition);
            repeats++;
            Assert.True(repeats < 20, "the chain of repeats never stopped");
        }

        // One check per interval until the end, none after it; nothing found, so no reply for any of them.
        Assert.InRange(repeats, 5, 6);
        Assert.True(harness.Clock.GetUtcNow() <= start.AddMinutes(5));
        Assert.Equal(repliesAfterKill, harness.Replies.Count);
        Assert.Contains(harness.Exchange.Logs.Lines, l => l.Contains("nothing to cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_release_ends_the_hold_and_the_next_repeat_makes_no_exchange_call()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");

        var release = await harness.PostAsync("""{"release":"hold-a"}""");

        Assert.Equal(200, release.StatusCode);
        Assert.Equal(OutcomeStatus.Ignored, release.Outcome!.Status);
        Assert.Equal(("hold-a", HoldPhases.Released), (release.Outcome.Hold!.Id, release.Outcome.Hold.Phase));
        Assert.Contains("Hold released: hold-a", release.Body, StringComparison.Ordinal);

        harness.Book.Place(2);
        var posts = harness.SignedPosts;
        var repeat = Assert.Single(await harness.NextRepeatAsync());

        Assert.Equal(posts, harness.SignedPosts);
        Assert.Equal(2, harness.Book.Open); // released: the bot may trade again
        Assert.Equal(QueueDisposition.Complete, repeat.Disposition);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));

        // Releasing again names what is wrong.
        var again = await harness.PostAsync("""{"release":"hold-a"}""");
        Assert.Equal(400, again.StatusCode);
        Assert.Contains("No active hold has id 'hold-a'", again.Outcome!.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_by_account_on_the_queue_ends_every_hold_of_the_account()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        await harness.SendAsync(Held.Replace("hold-a", "hold-b", StringComparison.Ordinal).Replace("USDT-FUTURES", "USDC-FUTURES", StringComparison.Ordinal), "req-2");

        var release = await harness.SendAsync("""{"account":"main","release":true}""", "rel-1");

        Assert.Equal(OutcomeStatus.Ignored, release.Outcome.Status);
        Assert.Contains("2 target(s)", release.Outcome.Reason, StringComparison.Ordinal);
        var posts = harness.SignedPosts;
        Assert.Equal(2, (await harness.NextRepeatAsync()).Count);
        Assert.Equal(posts, harness.SignedPosts);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task Overlapping_holds_on_one_target_make_no_extra_calls_and_extend_the_latest_end()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var start = harness.Clock.GetUtcNow();
        await harness.SendAsync(Held, "req-1");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await harness.PostAsync("""{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":10,"correlationId":"hold-b"}""");
        Assert.Equal(200, second.StatusCode);
        // The test exchange counts its per-key limit on the shared fake clock: let a second pass between commands.
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.SendAsync(Held.Replace("hold-a", "hold-c", StringComparison.Ordinal), "req-3");

        // Three holds, one scheduled repeat: the copies had the same MessageId.
        Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        Assert.Equal(2, harness.Bus.DroppedDuplicates);

        harness.Book.Place(1);
        var posts = harness.SignedPosts;
        var repeat = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal(1, harness.SignedPosts - posts); // one cancel-all for the target, not three
        Assert.Equal("hold-b", repeat.Outcome.Hold!.Id); // the hold that ends last
        Assert.Equal(start.AddSeconds(1).AddMinutes(10), repeat.Outcome.Hold.Until);

        // Released "hold-b": the others still hold until their own end.
        await harness.PostAsync("""{"release":"hold-b"}""");
        harness.Book.Place(1);
        var next = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal("hold-c", next.Outcome.Hold!.Id);
        Assert.Equal(0, harness.Book.Open);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_hold_keeps_it()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        await harness.NextRepeatAsync();

        // A new app with nothing in memory, over the same queue and table.
        await using var restarted = harness.Restart();
        harness.Book.Place(2);
        var repeat = Assert.Single(await harness.NextRepeatAsync(restarted));

        Assert.Equal((OutcomeStatus.Succeeded, 2), (repeat.Outcome.Status, repeat.Outcome.CancelledCount));
        Assert.Equal("hold-a", repeat.Outcome.Hold!.Id);
        Assert.Equal(0, harness.Book.Open);
        Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task A_redelivered_or_duplicated_repeat_costs_no_exchange_call()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        await harness.SendAsync(Held, "req-1");
        var message = Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        harness.Book.Place(1);
        await harness.NextRepeatAsync();
        var posts = harness.SignedPosts;

        // The same message again (redelivery), and on another instance at the same time (a copy that got through).
        harness.Book.Place(1);
        await using var other = harness.Restart();
        var again = await Task.WhenAll(harness.DeliverAsync(message, deliveryCount: 2), harness.DeliverAsync(message, other));

        Assert.Equal(posts, harness.SignedPosts);
        Assert.All(again, r => Assert.Equal(QueueDisposition.Complete, r.Disposition));
        Assert.Equal(1, harness.Book.Open);
        Assert.Equal(2, harness.Replies.Count); // the kill and the one repeat that found something
    }

    [Fact]
    public async Task When_Service_Bus_is_down_the_kill_still_runs_and_the_outcome_says_the_hold_was_not_scheduled()
    {
        await using var harness = await HoldHarness.StartAsync(azurite, new Dictionary<string, string?> { ["CancelAll:Replies:MaxRetries"] = "0" });
        harness.Book.Place(2);
        harness.Bus.FailWith = 503;

        var response = await harness.PostAsync(Held);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(0, harness.Book.Open);
        Assert.Contains("HTTP 503", response.Outcome!.Hold!.Problem, StringComparison.Ordinal);
        Assert.Contains("\"problem\"", response.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("241")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("\"ten\"")]
    [InlineData("2.5")]
    public async Task A_hold_over_the_cap_or_not_a_positive_whole_number_is_a_400_naming_the_cap(string minutes)
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);

        var response = await harness.PostAsync($$"""{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":{{minutes}}}""");

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("from 1 to 240", response.Body, StringComparison.Ordinal);
        Assert.Equal(1, harness.Book.Open);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task A_hold_with_a_dry_run_is_refused()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var response = await harness.PostAsync("""{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":5,"dryRun":true}""");
        Assert.Equal(400, response.StatusCode);
        Assert.Contains("cannot be combined with a dry run", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_holds_switched_off_a_held_command_is_refused_naming_the_setting_and_nothing_is_cancelled()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 1);

        var result = await harness.Get<QueueHandler>().HandleAsync(new QueueMessage(Held, "req-1", null, null, null, 1), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Rejected, result.Outcome.Status);
        Assert.Contains("CancelAll:Hold:Queue", result.Outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(harness.SignedRequests);
    }

    [Fact]
    public async Task Scheduling_uses_the_service_bus_token_and_never_logs_a_secret()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);
        await harness.SendAsync(Held, "req-1");
        harness.Book.Place(1);
        await harness.NextRepeatAsync();

        var schedules = harness.Bus.Server.Requests.Where(r => r.Path == "/" + HoldHarness.RequestQueue + "/messages").ToList();
        Assert.NotEmpty(schedules);
        Assert.All(schedules, r => Assert.Equal("Bearer " + HoldHarness.Token, r.Header("Authorization")));
        var credentials = harness.Exchange.Credentials;
        string[] secrets = [credentials.Secret, credentials.Passphrase, HoldHarness.Token, ExchangeHarness.WebhookSecret];
        SecretScan.AssertNoSecrets(harness.Exchange.Logs.Lines, secrets);
        SecretScan.AssertNoSecrets(harness.Bus.Server.Requests.Select(r => r.Body + string.Join(";", r.Headers.Where(h => h.Key != "Authorization").Select(h => h.Value))), secrets);
    }
}
