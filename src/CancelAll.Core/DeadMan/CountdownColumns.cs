using System.Text.Json.Serialization;
using Azure;
using CancelAll.Core.Tables;

namespace CancelAll.Core.DeadMan;

/// <summary>The two columns <see cref="HeartbeatStore.RecordCountdownAsync"/> merges into a switch row, leaving the others as they are.</summary>
internal sealed class CountdownColumns(string account, DateTimeOffset countdownAt, string countdownResult) : ITableRow
{
    public string PartitionKey => HeartbeatEntity.Partition;

    public string RowKey => account;

    [JsonIgnore]
    public ETag ETag { get; set; }

    public DateTimeOffset CountdownAt => countdownAt;

    public string CountdownResult => countdownResult;
}
