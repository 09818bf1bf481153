using Azure;
using CancelAll.Core.Tables;

namespace CancelAll.Core.DeadMan;

/// <summary>The switch rows (partition <see cref="HeartbeatEntity.Partition"/>), one per account, keyed by the account.</summary>
public sealed class HeartbeatStore : PartitionStore<HeartbeatEntity>
{
    internal HeartbeatStore(Func<TableRestClient> connect, bool createTable)
        : base(connect, createTable, HeartbeatEntity.Partition, TablesJsonContext.Default.HeartbeatEntity)
    {
    }

    /// <summary>Records the countdown's last result on the row whatever else changed meanwhile (only those two columns are merged).</summary>
    public async Task RecordCountdownAsync(string account, DateTimeOffset at, string result, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await Table.TryMergeAsync(new CountdownColumns(account, at, result), ETag.All, TablesJsonContext.Default.CountdownColumns, cancellationToken).ConfigureAwait(false);
    }
}
