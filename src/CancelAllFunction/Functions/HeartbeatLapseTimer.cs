using CancelAll.Core.DeadMan;
using Microsoft.Azure.Functions.Worker;

namespace CancelAll.Functions.Functions;

/// <summary>Finds dead-man's switches whose heartbeats stopped and runs their scope, once per lapse.</summary>
public sealed class HeartbeatLapseTimer(LapseHandler handler)
{
    [Function("HeartbeatLapseTimer")]
    public Task RunAsync([TimerTrigger("%HeartbeatLapseSchedule%")] TimerInfo timer) =>
        handler.RunAsync(CancellationToken.None);
}
