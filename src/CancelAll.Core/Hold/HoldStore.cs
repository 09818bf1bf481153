using Azure.Data.Tables;
using CancelAll.Core.Tables;

namespace CancelAll.Core.Hold;

/// <summary>The hold rows (partition <see cref="HoldEntity.Partition"/>), one per held target, keyed by <see cref="HoldEntity.KeyOf"/>.</summary>
public sealed class HoldStore(Func<TableClient> connect, bool createTable)
    : PartitionStore<HoldEntity>(connect, createTable, HoldEntity.Partition);
