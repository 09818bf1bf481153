using System.Net;
using Azure;
using Azure.Data.Tables;

namespace CancelAll.Core.Hold;

/// <summary>
/// The hold rows in Azure Table storage. Writes are conditional on the row's ETag: a write that lost the race returns
/// null instead of overwriting, and the caller reads again. The client is made on first use, so an app without holds
/// needs no table settings.
/// </summary>
public sealed class HoldStore(Func<TableClient> connect, bool createTable)
{
    private readonly Lazy<TableClient> lazyTable = new(connect);
    private Task? creation;

    private TableClient Table => lazyTable.Value;

    public async Task<HoldEntity?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await Table.GetEntityIfExistsAsync<HoldEntity>(HoldEntity.Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    public async Task<IReadOnlyList<HoldEntity>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<HoldEntity>();
        await foreach (var row in Table.QueryAsync<HoldEntity>(e => e.PartitionKey == HoldEntity.Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Writes the whole row if it is still as read (a default ETag means "must not exist yet").
    /// Returns the new ETag, or null when another writer changed the row first.
    /// </summary>
    public async Task<ETag?> TryReplaceAsync(HoldEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = entity.ETag == default
                ? await Table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    // Only with a connection string (Azurite); in Azure the deployment creates the table.
    private Task EnsureTableAsync(CancellationToken cancellationToken)
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
