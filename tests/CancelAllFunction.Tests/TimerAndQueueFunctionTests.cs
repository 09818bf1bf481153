using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
#if SERVICEBUS_FUNCTION
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Outcomes;
#endif

namespace CancelAll.Functions.Tests;

/// <summary>The timer's and the queue's trigger data, mapped to the core and back.</summary>
public class TimerAndQueueFunctionTests
{
    // A live job (not the sample's): orders on USDT-FUTURES, session end 16:00 New York, every day.
    private const string Job = """[{"name":"close","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"16:00","timeZone":"America/New_York","days":"daily","scope":"orders"}]""";

    // 16:00 in New York on 1 December 2026 (EST, UTC-5).
    private static readonly DateTimeOffset SessionEnd = new(2026, 12, 1, 21, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, true)] // no previous run known: a session end within the grace window is due
    [InlineData(-60, true)] // the previous run was before the session end: due
    [InlineData(10, false)] // the previous run came after the session end: it was handled then
    public async Task The_timers_last_run_decides_whether_a_session_end_is_due(int? lastRunSecondsAfterSessionEnd, bool cancels)
    {
        var time = new ShiftedTimeProvider(SessionEnd.AddSeconds(30));
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = Job }, time);
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 2);

        // The runtime reports ScheduleStatus.Last without a zone; on Linux it is UTC.
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = lastRunSecondsAfterSessionEnd is { } seconds
                ? new ScheduleStatus { Last = SessionEnd.AddSeconds(seconds).UtcDateTime, Next = SessionEnd.AddMinutes(1).UtcDateTime }
                : null,
        };
        await app.Function<FlattenTimer>().RunAsync(timer);

        Assert.Equal(cancels, app.Exchange.Received.Any(r => r.Method == "POST"));
        Assert.Equal(cancels ? 0 : 2, app.Exchange.Book(app.Account.ApiKey).OpenOrders.Count);
    }

#if SERVICEBUS_FUNCTION
    [Fact]
    public async Task Queue_function_maps_the_binding_data_completes_a_bad_message_and_throws_for_a_transient_failure()
    {
        await using var app = await LiveApp.StartAsync(new Dictionary<string, string?>
        {
            ["CancelAll:Exchange:BaseUrl"] = "http://127.0.0.1:9/",
            ["CancelAll:Exchange:MaxRetries"] = "0",
        });
        var function = app.Function<CancelRequestsFromServiceBus>();
        var context = TestHttp.Context(new Dictionary<string, object?> { ["MessageId"] = "m-1", ["DeliveryCount"] = "1", ["CorrelationId"] = "corr-7" });

        await function.RunAsync("not json", context); // rejected and completed: no exception
        var e = await Assert.ThrowsAsync<RedeliveryRequestedException>(() => function.RunAsync("""{"version":1,"account":"main","productType":"USDT-FUTURES"}""", context));

        Assert.Equal(OutcomeStatus.Failed, e.Outcome!.Status);
        Assert.Equal("corr-7", e.Outcome.CorrelationId);
        Assert.Equal(OutcomeErrorKind.ExchangeUnavailable, e.Outcome.Targets.Single().Error!.Kind);
    }
#endif
}
