namespace CancelAll.Core.DeadMan;

/// <summary>Where an account's switch stands.</summary>
public enum SwitchState
{
    /// <summary>Heartbeats arrive; the switch fires at <see cref="HeartbeatEntity.LapsesAt"/> unless another comes.</summary>
    Armed,

    /// <summary>A lapse run has claimed the switch and is cancelling.</summary>
    Firing,

    /// <summary>The lapse was handled; the next heartbeat arms the switch again.</summary>
    Fired,

    /// <summary>The bot said it stops on purpose; nothing fires until the next heartbeat.</summary>
    Disarmed,
}
