using System.Net;
using Azure;
using Azure.Data.Tables;

namespace CancelAll.Core.Tables;

/// <summary>
/// The rows of one partition of the app's table (the dead-man's switch and the holds share a table, each in its own
/// partition). Every change that must not race is conditional on the row's ETag: a write that lost the race returns
/// null instead of overwriting. The client is made on first use, so an app with the feature off needs no table settings.
/// </summary>
public abstract class PartitionStore<TEntity>(Func<TableClient> connect, bool createTable, string partition)
    where TEntity : class, ITableEntity, new()
{
    private readonly Lazy<TableClient> lazyTable = new(connect);
    private Task? creation;

    private protected TableClient Table => lazyTable.Value;

    public async Task<TEntity?> GetAsync(string rowKey, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await Table.GetEntityIfExistsAsync<TEntity>(partition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    public async Task<IReadOnlyList<TEntity>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<TEntity>();
        await foreach (var row in Table.QueryAsync<TEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Writes the whole row if it is still as read (<paramref name="expected"/>; a default ETag means "must not exist yet").
    /// Returns the new ETag, or null when another writer changed the row first.
    /// </summary>
    public async Task<ETag?> TryReplaceAsync(TEntity entity, ETag expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = expected == default
                ? await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await Table.UpdateEntityAsync(entity, expected, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the row if it is still as read (<paramref name="expected"/>). True when it is gone (also when someone else
    /// deleted it first); false when another writer changed it, so the caller reads it again.
    /// </summary>
    public async Task<bool> TryDeleteAsync(string rowKey, ETag expected, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Table.DeleteEntityAsync(partition, rowKey, expected, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    // Only with a connection string (Azurite); in Azure the deployment creates the table and the app's role may not.
    // Two callers may both create: CreateIfNotExists makes that harmless, and a failed attempt is tried again next time.
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
