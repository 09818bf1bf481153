using System.Text.Json.Serialization.Metadata;
using Azure;

namespace CancelAll.Core.Tables;

/// <summary>
/// The rows of one partition of the app's table (the dead-man's switch and the holds share a table, each in its own
/// partition). Every change that must not race is conditional on the row's ETag: a write that lost the race returns
/// null instead of overwriting. The client is made on first use, so an app with the feature off needs no table settings.
/// </summary>
public abstract class PartitionStore<TEntity>
    where TEntity : class, ITableRow
{
    private readonly Lazy<TableRestClient> lazyTable;
    private readonly bool createTable;
    private readonly string partition;
    private readonly JsonTypeInfo<TEntity> contract;
    private Task? creation;

    private protected PartitionStore(Func<TableRestClient> connect, bool createTable, string partition, JsonTypeInfo<TEntity> contract)
    {
        lazyTable = new Lazy<TableRestClient>(connect);
        this.createTable = createTable;
        this.partition = partition;
        this.contract = contract;
    }

    private protected TableRestClient Table => lazyTable.Value;

    public async Task<TEntity?> GetAsync(string rowKey, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await Table.GetAsync(partition, rowKey, contract, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TEntity>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await Table.QueryPartitionAsync(partition, contract, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the whole row if it is still as read (<paramref name="expected"/>; a default ETag means "must not exist yet").
    /// Returns the new ETag, or null when another writer changed the row first (not when a retry met this write's own
    /// earlier attempt, whose answer was lost: the client tells them apart by the row's write id).
    /// </summary>
    public async Task<ETag?> TryReplaceAsync(TEntity entity, ETag expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return expected == default
            ? await Table.TryInsertAsync(entity, contract, cancellationToken).ConfigureAwait(false)
            : await Table.TryReplaceAsync(entity, expected, contract, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the row if it is still as read (<paramref name="expected"/>). True when it is gone (also when someone else
    /// deleted it first); false when another writer changed it, so the caller reads it again.
    /// </summary>
    public async Task<bool> TryDeleteAsync(string rowKey, ETag expected, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        return await Table.TryDeleteAsync(partition, rowKey, expected, cancellationToken).ConfigureAwait(false);
    }

    // Only with a connection string (Azurite); in Azure the deployment creates the table and the app's role may not.
    // Two callers may both create: an existing table is fine, and a failed attempt is tried again next time.
    private protected Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!createTable)
        {
            return Task.CompletedTask;
        }

        var task = Volatile.Read(ref creation);
        if (task is null || task.IsFaulted || task.IsCanceled)
        {
            task = Table.CreateIfNotExistsAsync(CancellationToken.None);
            Volatile.Write(ref creation, task);
        }

        return task.WaitAsync(cancellationToken);
    }
}
