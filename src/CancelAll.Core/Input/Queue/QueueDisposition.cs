namespace CancelAll.Core.Input.Queue;

public enum QueueDisposition
{
    /// <summary>Done, for good or for ever: complete the message.</summary>
    Complete,

    /// <summary>A transient failure with deliveries left: hand the message back so Service Bus delivers it again.</summary>
    Redeliver,
}
