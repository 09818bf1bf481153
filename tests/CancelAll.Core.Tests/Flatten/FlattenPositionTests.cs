using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using static CancelAll.Core.Tests.Flatten.FlattenTests;

namespace CancelAll.Core.Tests.Flatten;

/// <summary>The slower tests (close-positions runs at 1 request/s), in their own class so that they run beside the others.</summary>
public class FlattenPositionTests
{
    [Fact]
    public async Task Verify_retries_a_position_that_fails_to_close_until_flat()
    {
        await using var harness = await StartAsync(deadlineSeconds: 8);
        Seed(harness);
        harness.Exchange.Faults.FailingPositions["BTCUSDT:long"] = 1;
        var outcome = await RunAsync(harness, CancelScope.Flatten);
        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(target.Remaining!);
        Assert.Empty(harness.Exchange.Book(harness.Credentials.ApiKey).OpenPositions);
        Assert.Empty(harness.Exchange.Book(harness.Credentials.ApiKey).OpenPlans);
        Assert.Contains(target.Steps!, s => s.Name == StepNames.ClosePositions && s.Round == 1 && s.Failed == 1);
        Assert.Contains(target.Steps!, s => s.Name == StepNames.ClosePositions && s.Round > 1 && s.Done == 1);
        // While the position was open, its TP/SL were kept, and cancelled only once it closed.
        var closedAt = harness.SignedRequests.ToList().FindLastIndex(r => r.Path == ClosePath && r.Status == 200);
        Assert.DoesNotContain(harness.SignedRequests.Take(closedAt), r => r.Path == CancelPlanPath && PlanTypeOf(r) == BitgetPlanTypes.PositionStopLoss && r.Body.Contains("BTCUSDT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_reports_a_position_that_never_closes_as_not_flat_and_keeps_its_stop_loss()
    {
        await using var harness = await StartAsync(deadlineSeconds: 1);
        Seed(harness);
        harness.Exchange.Faults.FailingPositions["BTCUSDT:long"] = int.MaxValue;
        var outcome = await RunAsync(harness, CancelScope.Flatten);
        var target = outcome.Targets[0];
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.NotFlat, target.Error!.Kind);
        var position = Assert.Single(target.Remaining!, r => r.Kind == ItemKinds.Position);
        Assert.Equal("BTCUSDT", position.Symbol);
        Assert.Contains("close-positions failed", position.Reason, StringComparison.Ordinal);
        Assert.Contains("verify stopped", position.Reason, StringComparison.Ordinal);
        // The position's TP/SL stay: cancelling them would leave it unprotected.
        Assert.Contains(target.Remaining!, r => r.Kind == ItemKinds.ProtectivePlan && r.PlanType == BitgetPlanTypes.PositionStopLoss && r.Reason.StartsWith("kept on purpose", StringComparison.Ordinal));
        Assert.Contains(harness.Exchange.Book(harness.Credentials.ApiKey).OpenPlans, p => p.PlanType == BitgetPlanTypes.PositionStopLoss);
        Assert.Equal(1, outcome.RemainingCount - target.Remaining!.Count(r => r.Kind != ItemKinds.Position));
    }

    [Fact]
    public async Task Close_positions_is_sent_at_most_once_a_second_per_key()
    {
        await using var harness = await StartAsync();
        var key = harness.Credentials.ApiKey;
        foreach (var symbol in new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" })
        {
            harness.Exchange.AddPosition(key, Usdt, "USDT", symbol, "long");
        }

        var outcome = await RunAsync(harness, CancelScope.Flatten);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        var closes = harness.SignedRequests.Where(r => r.Path == ClosePath).ToList();
        Assert.Equal(3, closes.Count);
        Assert.All(closes, c => Assert.Equal(200, c.Status));
        for (var i = 1; i < closes.Count; i++)
        {
            Assert.True(closes[i].ReceivedAt - closes[i - 1].ReceivedAt >= TimeSpan.FromMilliseconds(990), $"close {i} came {(closes[i].ReceivedAt - closes[i - 1].ReceivedAt).TotalMilliseconds} ms after the one before");
        }
    }

    [Fact]
    public async Task Flatten_in_hedge_mode_closes_both_sides()
    {
        await using var harness = await StartAsync();
        Seed(harness, hedge: true);
        var outcome = await RunAsync(harness, CancelScope.Flatten);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.Exchange.Book(harness.Credentials.ApiKey).OpenPositions);
        var closes = harness.SignedRequests.Where(r => r.Path == ClosePath).ToList();
        Assert.Equal(2, closes.Count);
        Assert.Contains(closes, c => c.Body.Contains("\"holdSide\":\"long\"", StringComparison.Ordinal));
        Assert.Contains(closes, c => c.Body.Contains("\"holdSide\":\"short\"", StringComparison.Ordinal));
    }
}
