using System.Net;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Kill;
using CancelAll.Core.Tests.Support;
using ExchangeMode = CancelAll.TestExchange.AccountMode;

namespace CancelAll.Core.Tests.Faults;

/// <summary>
/// Why the fault matrix aims its exchange faults at the cancel request (<see cref="FaultRig.CancelRequest"/>): on an
/// account whose mode is not set, the kill first reads the mode, and an untargeted fault would be that read's.
/// </summary>
public class AimedFaultTests
{
    private static CancelCommand Command => new(ExchangeHarness.Account, [CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live)], CommandSource.Http, CancelCommand.NewCorrelationId(), Scope: CancelScope.Orders);

    [Fact]
    public async Task A_fault_aimed_at_the_cancel_request_skips_the_mode_read_and_meets_the_kill()
    {
        await using var harness = await UnifiedKillTests.StartAsync(AccountModeSettings.Auto, mode: ExchangeMode.Classic);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, UnifiedKillTests.Usdt, "USDT", FaultCase.OpenOrders);
        harness.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable, at: FaultRig.CancelRequest);

        var outcome = await harness.Workflow.RunAsync(Command, CancellationToken.None);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(FaultCase.OpenOrders, outcome.CancelledCount);
        Assert.Equal(
            [(BitgetEndpoints.V3AccountSettings, 400, "40084"), (BitgetEndpoints.V2CancelAllOrders, 503, null), (BitgetEndpoints.V2CancelAllOrders, 200, "00000")],
            harness.SignedRequests.Select(r => (r.Path, r.Status, r.Code)));
    }

    [Fact]
    public async Task An_untargeted_fault_is_taken_by_the_mode_read_first()
    {
        await using var harness = await UnifiedKillTests.StartAsync(AccountModeSettings.Auto, mode: ExchangeMode.Classic);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, UnifiedKillTests.Usdt, "USDT", FaultCase.OpenOrders);
        harness.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable);

        await harness.Workflow.RunAsync(Command, CancellationToken.None);

        var first = harness.SignedRequests[0];
        Assert.Equal((BitgetEndpoints.V3AccountSettings, 503), (first.Path, first.Status));
    }
}
