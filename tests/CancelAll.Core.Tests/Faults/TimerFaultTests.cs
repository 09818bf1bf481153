using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Replies;

namespace CancelAll.Core.Tests.Faults;

/// <summary>
/// The fault matrix through the timer: the flatten job the timer function runs (a session that ended a minute ago),
/// whose outcome is recorded in telemetry and sent as a reply; nothing is retried by the timer itself.
/// </summary>
public class TimerFaultTests
{
    public static TheoryData<string> Cases => FaultCase.For(sendsReplies: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_fault_is_recorded_with_its_outcome(string name)
    {
        var fault = FaultCase.Named(name);
        await using var rig = await FaultRig.StartAsync(fault);

        var outcomes = await rig.Harness.Get<ScheduleHandler>().RunAsync(previousRun: null, isPastDue: false, default);

        var outcome = Assert.Single(outcomes);
        FaultAssert.Outcome(outcome, fault);
        FaultAssert.Document(ReplyJsonContext.Serialize(ReplyMapper.ToDocument(outcome), indented: false), fault, "timer");
        FaultAssert.Document(Assert.Single(rig.ServiceBus.Posted.Distinct()), fault, "timer");
        FaultAssert.Exchange(rig, fault);
        FaultAssert.Telemetry(rig, fault, outcome.CorrelationId);
    }
}
