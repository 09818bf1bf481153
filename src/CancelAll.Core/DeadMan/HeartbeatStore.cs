using System.Net;
using Azure;
using Azure.Data.Tables;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// The switch rows in Azure Table storage. Every change that must not race is conditional on the row's ETag:
/// a write that lost the race returns null instead of overwriting. The client is made on first use, so an app whose
/// switch is off needs no table settings.
/// </summary>
public sealed class HeartbeatStore(Func<TableClient> connect, bool createTable)
{
    private readonly Lazy<TableClient> lazyTable = new(connect);
    private Task? creation;

    private TableClient Table => lazyTable.Value;

    public async Task<HeartbeatEntity?> GetAsync(string account, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var found = await Table.GetEntityIfExistsAsync<HeartbeatEntity>(HeartbeatEntity.Partition, account, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    public async Task<IReadOnlyList<HeartbeatEntity>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<HeartbeatEntity>();
        await foreach (var row in Table.QueryAsync<HeartbeatEntity>(e => e.PartitionKey == HeartbeatEntity.Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Writes the whole row if it is still as read (<paramref name="expected"/>; a default ETag means "must not exist yet").
    /// Returns the new ETag, or null when another writer changed the row first.
    /// </summary>
    public async Task<ETag?> TryReplaceAsync(HeartbeatEntity entity, ETag expected, CancellationToken cancellationToken)
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

    // Only with a connection string (Azurite); in Azure the deployment creates the table and the app's role may not.
    // Two callers may both create: CreateIfNotExists makes that harmless, and a failed attempt is tried again next time.
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
