using System.Text.Json.Serialization;
using Azure;
using CancelAll.Core.Tables;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// One row per account (PartitionKey <see cref="Partition"/>, RowKey the account). The ETag makes every change a
/// compare-and-swap, so two lapse runs can never both claim one lapse.
/// </summary>
public sealed class HeartbeatEntity : ITableRow
{
    public const string Partition = "switch";

    public string PartitionKey { get; set; } = Partition;

    /// <summary>The account name.</summary>
    public string RowKey { get; set; } = string.Empty;

    [JsonIgnore]
    public ETag ETag { get; set; }

    /// <summary>A <see cref="SwitchState"/> name.</summary>
    public string State { get; set; } = nameof(SwitchState.Armed);

    /// <summary>New for every heartbeat: the lapse's correlation id is derived from it, so a repeated run repeats the same id.</summary>
    public string BeatId { get; set; } = string.Empty;

    public DateTimeOffset LastBeatAt { get; set; }

    public int TimeoutSeconds { get; set; }

    public DateTimeOffset LapsesAt { get; set; }

    /// <summary>The scope a lapse runs: orders, entries or flatten.</summary>
    public string Scope { get; set; } = "flatten";

    public DateTimeOffset? ClaimedAt { get; set; }

    public string? LapseCorrelationId { get; set; }

    /// <summary>The lapse's outcome status once it ran.</summary>
    public string? LapseStatus { get; set; }

    /// <summary>When the exchange-side countdown was last sent (its 1 request/s limit is kept across instances through this row).</summary>
    public DateTimeOffset? CountdownAt { get; set; }

    /// <summary>The last countdown call's result: "Refreshed", "Off", or the error that names what is wrong.</summary>
    public string? CountdownResult { get; set; }

    [JsonIgnore]
    public SwitchState SwitchState => Enum.TryParse<SwitchState>(State, out var state) ? state : SwitchState.Fired;
}
