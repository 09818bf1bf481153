using CancelAll.Core.Commands;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Contract;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Faults;

/// <summary>
/// Issue 16, finding 7: a storm that cancelled 300 orders reported 9,713, because every request that joined a shared
/// run counted that run's orders again. Here the joined run really cancels orders (placed while the first call was
/// under way), so counting them twice shows.
/// </summary>
public class StormCountTests
{
    [Fact]
    public async Task Requests_that_join_a_run_that_cancelled_orders_count_each_order_once()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 1);
        harness.Exchange.Faults.HoldAnswers();
        var command = new CancelCommand(ExchangeHarness.Account, TargetParser.Parse(["USDT-FUTURES"], null, false), CommandSource.Http, "storm-1");

        var first = harness.Workflow.RunAsync(command, default);
        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 1, "the first call's answer is held");

        // The first call has cancelled its order and its answer is held: these arrive after it started, so they share the next call.
        Assert.Empty(harness.Exchange.Book(key).OpenOrders);
        harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 2);
        var later = Enumerable.Range(2, 3).Select(i => harness.Workflow.RunAsync(command with { CorrelationId = $"storm-{i}" }, default)).ToList();
        harness.Exchange.Faults.ReleaseAnswers();
        var outcomes = await Task.WhenAll([first, .. later]);

        Assert.Empty(harness.Exchange.Book(key).OpenOrders);
        Assert.Equal(2, harness.SignedRequests.Count);
        var joined = outcomes.Where(o => o.Targets.Single().Joined).ToList();
        Assert.Equal(2, joined.Count);
        Assert.All(joined, o => Assert.Equal(2, o.Targets.Single().Cancelled.Count));
        Assert.All(joined, o => Assert.Equal((0, 0), (o.CancelledCount, o.Targets.Single().CancelledCount)));

        // What every channel reports (the document is the HTTP answer, the reply and the telemetry event's figures): 3 orders, not 7.
        var reported = outcomes.Sum(o => OutcomeSchema.AssertValid(ReplyJsonContext.Serialize(ReplyMapper.ToDocument(o)))["cancelledCount"]!.GetValue<int>());
        Assert.Equal(3, reported);
    }
}
