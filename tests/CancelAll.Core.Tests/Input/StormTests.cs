using CancelAll.Core.Commands;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Input;

public class StormTests
{
    [Fact]
    public async Task A_thousand_identical_webhooks_make_at_most_two_exchange_calls_and_all_get_the_outcome()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 5);

        // No injected delay: each exchange call takes about a millisecond, far less than the requests take to arrive.
        var handler = harness.Get<WebhookHandler>();
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret };

        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() =>
            handler.HandleAsync(new WebhookRequest("""{"productType":"USDT-FUTURES"}""", new Dictionary<string, string>(), headers, null), default))));

        var calls = harness.SignedRequests;
        Assert.InRange(calls.Count, 1, 2);
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.All(responses, r => Assert.NotNull(r.Outcome));
        Assert.Equal(5, responses.Select(r => r.Outcome!.CancelledCount).Max());
        Assert.Empty(harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders);
    }

    [Fact]
    public async Task A_request_arriving_during_a_call_is_answered_by_a_later_call_that_sees_new_orders()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 1);
        harness.Exchange.Faults.HoldAnswers();
        var command = new CancelCommand(ExchangeHarness.Account, TargetParser.Parse(["USDT-FUTURES"], null, false), CommandSource.Http, "c1");

        // The first call has cancelled its order and its answer is held: these two arrive during it, however slow the machine.
        var first = harness.Workflow.RunAsync(command, default);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 1, "the first call's answer is held");
        Assert.Empty(harness.Exchange.Book(key).OpenOrders);
        var placedLate = harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 2);
        var second = harness.Workflow.RunAsync(command with { CorrelationId = "c2" }, default);
        var third = harness.Workflow.RunAsync(command with { CorrelationId = "c3" }, default);
        harness.Exchange.Faults.ReleaseAnswers();

        var outcomes = await Task.WhenAll(first, second, third);

        Assert.Equal(1, outcomes[0].CancelledCount);
        Assert.Equal(placedLate.Select(o => o.OrderId).Order(), outcomes[1].Targets.Single().Cancelled.Select(o => o.OrderId).Order());
        Assert.Equal(outcomes[1].Targets.Single().Cancelled, outcomes[2].Targets.Single().Cancelled);
        Assert.Equal(2, harness.SignedRequests.Count);
    }

    [Fact]
    public async Task Calls_for_one_key_start_no_closer_than_the_spacing_and_arrivals_within_it_share_one_call()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var coalescer = new CallCoalescer<string, int>(TimeSpan.FromMilliseconds(100), time);
        var calls = 0;
        Task<int> Call() => Task.FromResult(Interlocked.Increment(ref calls));

        var first = await coalescer.RunAsync("k", Call);
        time.Advance(TimeSpan.FromMilliseconds(30));
        var late = Enumerable.Range(0, 50).Select(_ => coalescer.RunAsync("k", Call)).ToList();
        await Task.Delay(50);
        Assert.All(late, t => Assert.False(t.IsCompleted));
        time.Advance(TimeSpan.FromMilliseconds(70));
        var results = await Task.WhenAll(late).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, first);
        Assert.All(results, r => Assert.Equal(2, r));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Different_targets_never_wait_on_each_other()
    {
        var coalescer = new CallCoalescer<string, int>();
        var slow = new TaskCompletionSource<int>();
        var blocked = coalescer.RunAsync("usdt", () => slow.Task);
        var other = await coalescer.RunAsync("coin", () => Task.FromResult(7)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(7, other);
        Assert.False(blocked.IsCompleted);
        slow.SetResult(1);
        Assert.Equal(1, await blocked);
    }

    [Fact]
    public async Task A_failed_call_fails_its_callers_and_the_next_call_starts_fresh()
    {
        var coalescer = new CallCoalescer<string, int>();
        var gate = new TaskCompletionSource<int>();
        var calls = 0;
        var running = coalescer.RunAsync("k", () => { Interlocked.Increment(ref calls); return gate.Task; });
        var queued = Enumerable.Range(0, 10).Select(_ => coalescer.RunAsync("k", () => { Interlocked.Increment(ref calls); return Task.FromException<int>(new InvalidOperationException("down")); })).ToList();
        gate.SetResult(1);

        Assert.Equal(1, await running);
        foreach (var q in queued)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => q);
        }

        Assert.Equal(2, calls);
        Assert.Equal(3, await coalescer.RunAsync("k", () => Task.FromResult(3)));
    }

    [Fact]
    public async Task Mixed_targets_with_one_failing_give_a_partial_outcome_and_the_others_succeed()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 2);
        var stuck = harness.Exchange.AddOrders(key, "COIN-FUTURES", "BTC", 1);
        harness.Exchange.Faults.FailingOrders[stuck[0].OrderId] = "being liquidated";
        var command = new CancelCommand(ExchangeHarness.Account, TargetParser.Parse(["USDT-FUTURES", "COIN-FUTURES:BTC", "USDC-FUTURES"], null, false), CommandSource.Queue, "mixed");

        var outcome = await harness.Workflow.RunAsync(command, default);

        Assert.Equal(OutcomeStatus.PartiallyFailed, outcome.Status);
        Assert.Equal([OutcomeStatus.Succeeded, OutcomeStatus.Failed, OutcomeStatus.NothingToCancel], outcome.Targets.Select(t => t.Status));
        Assert.Equal(OutcomeErrorKind.OrdersNotCancelled, outcome.Targets[1].Error!.Kind);
        Assert.Equal(2, outcome.CancelledCount);
        Assert.Equal(1, outcome.FailedCount);
    }
}
