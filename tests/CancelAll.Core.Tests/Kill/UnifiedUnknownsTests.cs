using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.TestExchange;

namespace CancelAll.Core.Tests.Kill;

/// <summary>Each V3 fact the shared note lists as unknown, in both variants (the test exchange's quirks).</summary>
public class UnifiedUnknownsTests
{
    [Theory]
    [InlineData(NothingToCancelAnswer.EmptyList, EmptyListShape.Array)]
    [InlineData(NothingToCancelAnswer.EmptyList, EmptyListShape.Null)]
    [InlineData(NothingToCancelAnswer.Code22001, EmptyListShape.Array)]
    public async Task Nothing_to_cancel_is_success_however_it_is_answered(NothingToCancelAnswer answer, EmptyListShape empty)
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        harness.Exchange.Quirks.NothingToCancel = answer;
        harness.Exchange.Quirks.EmptyList = empty;

        var orders = await UnifiedKillTests.RunAsync(harness, CancelScope.Orders);
        var flatten = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        Assert.Equal((OutcomeStatus.NothingToCancel, OutcomeStatus.NothingToCancel), (orders.Status, flatten.Status));
        Assert.Null(orders.Targets[0].Error);
        Assert.Empty(flatten.Targets[0].Remaining!);
    }

    [Theory]
    [InlineData(StrategyCancelAnswer.Null, EmptyListShape.Array, false)]
    [InlineData(StrategyCancelAnswer.Ids, EmptyListShape.Null, false)]
    [InlineData(StrategyCancelAnswer.Null, EmptyListShape.Null, true)]
    [InlineData(StrategyCancelAnswer.Ids, EmptyListShape.Array, true)]
    public async Task Flatten_ends_flat_whatever_the_cancel_strategy_answer_and_list_shapes(StrategyCancelAnswer strategyAnswer, EmptyListShape empty, bool oneWayIgnoresPosSide)
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        harness.Exchange.Quirks.StrategyCancelData = strategyAnswer;
        harness.Exchange.Quirks.EmptyList = empty;
        harness.Exchange.Quirks.OneWayCloseIgnoresPosSide = oneWayIgnoresPosSide;
        UnifiedKillTests.Seed(harness);

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal((0, 0, 0), (book.OpenOrders.Count, book.OpenStrategyOrders.Count, book.OpenPositions.Count));
        Assert.Equal(4, outcome.Targets[0].Steps!.Where(s => s.Name is StepNames.CancelEntryPlans or StepNames.CancelProtectivePlans).Sum(s => s.Done));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Whether_or_not_cancel_symbol_order_takes_strategy_orders_too_flatten_ends_flat(bool cancelsStrategyOrders)
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        harness.Exchange.Quirks.CancelSymbolOrderCancelsStrategyOrders = cancelsStrategyOrders;
        UnifiedKillTests.Seed(harness, hedge: true);

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Flatten);

        var book = harness.Exchange.Book(harness.Credentials.ApiKey);
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal((0, 0, 0), (book.OpenOrders.Count, book.OpenStrategyOrders.Count, book.OpenPositions.Count));
    }

    [Theory]
    [InlineData(ExhaustedCursorShape.Empty)]
    [InlineData(ExhaustedCursorShape.Absent)]
    public async Task Unfilled_orders_are_read_page_by_page_to_the_end_whatever_the_last_cursor(ExhaustedCursorShape cursor)
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        harness.Exchange.Quirks.ExhaustedCursor = cursor;
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, UnifiedKillTests.Usdt, "USDT", 230);

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Orders, dryRun: true);

        Assert.Equal(230, outcome.Targets[0].WouldCancel!.Select(i => i.Id).Distinct().Count());
        var pages = harness.SignedRequests.Where(r => r.Path == BitgetEndpoints.V3UnfilledOrders).ToList();
        Assert.Equal(3, pages.Count);
        Assert.DoesNotContain("cursor", pages[0].Query, StringComparison.Ordinal);
        Assert.Contains("cursor=", pages[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_code_is_a_clear_failure_with_the_code_and_message()
    {
        await using var harness = await UnifiedKillTests.StartAsync(modeSetting: "uta");
        harness.Exchange.Faults.FailNext(1, System.Net.HttpStatusCode.BadRequest, "31337", "something new");

        var outcome = await UnifiedKillTests.RunAsync(harness, CancelScope.Orders);

        var error = outcome.Targets[0].Error!;
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal((OutcomeErrorKind.Unknown, "31337"), (error.Kind, error.Code));
        Assert.Contains("something new", error.Message, StringComparison.Ordinal);
    }
}
