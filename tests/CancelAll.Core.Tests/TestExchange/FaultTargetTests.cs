using System.Net;
using CancelAll.TestExchange;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>The test exchange's faults aimed at a path (and method): other requests pass them by and leave them queued.</summary>
public class FaultTargetTests
{
    private const string Settings = "/api/v3/account/settings";
    private const string V3Cancel = "/api/v3/trade/cancel-symbol-order";
    private const string V3CancelBody = """{"category":"USDT-FUTURES","symbol":"BTCUSDT"}""";

    // With a code, the fault answers in Bitget's envelope (the test client reads JSON); the code says which fault it was.
    private const string Busy = "40010";
    private const string Other = "40011";

    [Fact]
    public async Task A_fault_aimed_at_a_path_is_taken_only_by_a_request_to_that_path()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable, Busy, at: new FaultTarget(V3Cancel, "POST"));

        var read = await fixture.Client.GetAsync(Settings);
        var cancel = await fixture.Client.PostAsync(V3Cancel, V3CancelBody);
        var again = await fixture.Client.PostAsync(V3Cancel, V3CancelBody);

        Assert.Equal(200, read.Status);
        Assert.Equal("00000", read.Code);
        Assert.Equal((503, Busy), (cancel.Status, cancel.Code));
        Assert.Equal(200, again.Status);
        Assert.Equal([200, 503, 200], fixture.Exchange.Received.Select(r => r.Status));
    }

    [Fact]
    public async Task A_fault_aimed_at_another_method_on_the_path_is_not_taken()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable, Busy, at: new FaultTarget(Settings, "POST"));

        var read = await fixture.Client.GetAsync(Settings);

        Assert.Equal(200, read.Status);
        Assert.Equal("00000", read.Code);
    }

    [Fact]
    public async Task Without_a_target_the_next_signed_request_takes_the_fault_whatever_it_is()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable, Busy);

        var read = await fixture.Client.GetAsync(Settings);
        var cancel = await fixture.Client.PostAsync(V3Cancel, V3CancelBody);

        Assert.Equal((503, Busy), (read.Status, read.Code));
        Assert.Equal(200, cancel.Status);
    }

    [Fact]
    public async Task Faults_are_taken_in_the_order_they_were_queued_by_the_requests_they_are_meant_for()
    {
        await using var fixture = await ExchangeFixture.StartAsync(AccountMode.Unified);
        fixture.Exchange.Faults.FailNext(1, HttpStatusCode.BadGateway, Other, at: new FaultTarget(V3Cancel));
        fixture.Exchange.Faults.FailNext(1, HttpStatusCode.ServiceUnavailable, Busy);

        var read = await fixture.Client.GetAsync(Settings);
        var cancel = await fixture.Client.PostAsync(V3Cancel, V3CancelBody);
        var last = await fixture.Client.PostAsync(V3Cancel, V3CancelBody);

        Assert.Equal((503, Busy), (read.Status, read.Code)); // the aimed fault waits; the untargeted one behind it is the read's
        Assert.Equal((502, Other), (cancel.Status, cancel.Code));
        Assert.Equal(200, last.Status);
    }
}
