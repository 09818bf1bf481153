using Azure;
using Azure.Data.Tables;
using CancelAll.Core.Tables;

namespace CancelAll.Core.DeadMan;

/// <summary>The switch rows (partition <see cref="HeartbeatEntity.Partition"/>), one per account, keyed by the account.</summary>
public sealed class HeartbeatStore(Func<TableClient> connect, bool createTable)
    : PartitionStore<HeartbeatEntity>(connect, createTable, HeartbeatEntity.Partition)
{
    /// <summary>Records the countdown's last result on the row whatever else changed meanwhile (only those two columns are merged).</summary>
    public async Task RecordCountdownAsync(string account, DateTimeOffset at, string result, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var columns = new TableEntity(HeartbeatEntity.Partition, account)
        {
            [nameof(HeartbeatEntity.CountdownAt)] = at,
            [nameof(HeartbeatEntity.CountdownResult)] = result,
        };
        await Table.UpdateEntityAsync(columns, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }
}
