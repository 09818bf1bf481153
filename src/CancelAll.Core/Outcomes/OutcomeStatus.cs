using System.Text.Json.Serialization;

namespace CancelAll.Core.Outcomes;

[JsonConverter(typeof(JsonStringEnumConverter<OutcomeStatus>))]
public enum OutcomeStatus
{
    /// <summary>Orders were cancelled.</summary>
    Succeeded,

    /// <summary>The exchange had nothing open to cancel.</summary>
    NothingToCancel,

    /// <summary>Some orders or targets were cancelled, some were not.</summary>
    PartiallyFailed,

    /// <summary>Nothing could be cancelled.</summary>
    Failed,

    /// <summary>The command was refused before anything was sent: bad input or failed authentication.</summary>
    Rejected,

    /// <summary>Nothing to do by design, e.g. a resolved alert.</summary>
    Ignored,
}
