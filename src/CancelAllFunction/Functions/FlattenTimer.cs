using CancelAll.Core.Input.Schedule;
using Microsoft.Azure.Functions.Worker;

namespace CancelAll.Functions.Functions;

/// <summary>End-of-session flattening. Fires on a UTC schedule; the core decides which session ends are due.</summary>
public sealed class FlattenTimer(ScheduleHandler handler)
{
    [Function("FlattenTimer")]
    public Task RunAsync([TimerTrigger("%FlattenSchedule%")] TimerInfo timer) =>
        handler.RunAsync(ScheduleHandler.PreviousRunFrom(timer.ScheduleStatus?.Last), timer.IsPastDue, CancellationToken.None);
}
