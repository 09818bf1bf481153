using System.ComponentModel.DataAnnotations;

namespace CancelAll.Core.Input.Queue;

/// <summary>Settings of the request queue. Section <c>CancelAll:Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "CancelAll:Queue";

    /// <summary>The request queue's maxDeliveryCount. On that delivery a transient failure gets its failure reply and is dead-lettered.</summary>
    [Range(1, 100)]
    public int MaxDeliveryCount { get; set; } = 5;
}
