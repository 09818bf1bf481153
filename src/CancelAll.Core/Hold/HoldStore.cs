using CancelAll.Core.Tables;

namespace CancelAll.Core.Hold;

/// <summary>The hold rows (partition <see cref="HoldEntity.Partition"/>), one per held target, keyed by <see cref="HoldEntity.KeyOf"/>.</summary>
public sealed class HoldStore : PartitionStore<HoldEntity>
{
    internal HoldStore(Func<TableRestClient> connect, bool createTable)
        : base(connect, createTable, HoldEntity.Partition, TablesJsonContext.Default.HoldEntity)
    {
    }
}
