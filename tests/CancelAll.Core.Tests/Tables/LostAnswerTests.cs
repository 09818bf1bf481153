using Azure;
using Azure.Data.Tables;
using CancelAll.Core.Hold;
using CancelAll.Core.Tables;
using CancelAll.Core.Tests.DeadMan;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// A write that reached the table but whose answer was lost is retried (inside <see cref="AppTable"/>'s retries) and
/// meets its own write: 409 for an insert, 412 for a conditional write. That is not a lost race, while a first answer of
/// 409/412 (another writer got there first) still is. A handler inside the retries, in the test's DI, drops answers.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class LostAnswerTests(Azurite azurite)
{
    private const string Key = "main~USDT-FUTURES~ALL~Live";

    [Fact]
    public async Task An_insert_whose_answer_was_lost_is_reported_written_not_as_an_existing_row()
    {
        var dropper = new AnswerDropper();
        await using var services = Services(dropper);
        var store = services.GetRequiredService<HoldStore>();
        await store.ListAsync(CancellationToken.None); // the table exists before the dropper is armed

        dropper.Arm(forwardFirst: true);
        var etag = await store.TryReplaceAsync(NewRow(slot: 1), default, CancellationToken.None);

        Assert.Equal(2, dropper.WriteAttempts); // the first reached Azurite and its answer was dropped; the retry got 409
        Assert.NotNull(etag);
        var row = (await Sdk.GetEntityAsync<TableEntity>(HoldEntity.Partition, Key)).Value;
        Assert.Equal(row.ETag.ToString(), etag.Value.ToString());
        Assert.Equal(1L, row.GetInt64("LastSlot"));
    }

    [Fact]
    public async Task A_replace_whose_answer_was_lost_is_reported_written_with_the_rows_new_etag()
    {
        var dropper = new AnswerDropper();
        await using var services = Services(dropper);
        var store = services.GetRequiredService<HoldStore>();
        var first = await store.TryReplaceAsync(NewRow(slot: 1), default, CancellationToken.None);
        Assert.NotNull(first);

        dropper.Arm(forwardFirst: true);
        var etag = await store.TryReplaceAsync(NewRow(slot: 2), first.Value, CancellationToken.None);

        Assert.Equal(2, dropper.WriteAttempts); // the retry got 412 against our own write
        Assert.NotNull(etag);
        var row = (await Sdk.GetEntityAsync<TableEntity>(HoldEntity.Partition, Key)).Value;
        Assert.Equal(row.ETag.ToString(), etag.Value.ToString());
        Assert.Equal(2L, row.GetInt64("LastSlot"));
        Assert.NotNull(await store.TryReplaceAsync(NewRow(slot: 3), etag.Value, CancellationToken.None)); // the ETag it gave is usable
    }

    [Fact]
    public async Task A_write_that_another_writer_beat_on_the_first_attempt_is_still_a_lost_race()
    {
        var dropper = new AnswerDropper();
        await using var services = Services(dropper);
        var store = services.GetRequiredService<HoldStore>();
        var read = await store.TryReplaceAsync(NewRow(slot: 1), default, CancellationToken.None);
        Assert.NotNull(read);
        await Sdk.UpdateEntityAsync(new TableEntity(HoldEntity.Partition, Key) { ["LastSlot"] = 7L }, ETag.All, TableUpdateMode.Merge);

        dropper.Arm(forwardFirst: true, dropAnswer: false);
        Assert.Null(await store.TryReplaceAsync(NewRow(slot: 2), read.Value, CancellationToken.None));
        Assert.Null(await store.TryReplaceAsync(NewRow(slot: 2), default, CancellationToken.None)); // an insert on an existing row: 409

        Assert.Equal(2, dropper.WriteAttempts); // one attempt each, no retry
        Assert.Equal(7L, (await Sdk.GetEntityAsync<TableEntity>(HoldEntity.Partition, Key)).Value.GetInt64("LastSlot"));
    }

    [Fact]
    public async Task A_retry_that_meets_another_writers_change_is_still_a_lost_race()
    {
        var dropper = new AnswerDropper();
        await using var services = Services(dropper);
        var store = services.GetRequiredService<HoldStore>();
        var read = await store.TryReplaceAsync(NewRow(slot: 1), default, CancellationToken.None);
        Assert.NotNull(read);

        // The first attempt never reaches Azurite; before the retry, another writer changes the row.
        dropper.Arm(forwardFirst: false, beforeDrop: () => Sdk.UpdateEntityAsync(new TableEntity(HoldEntity.Partition, Key) { ["LastSlot"] = 7L }, ETag.All, TableUpdateMode.Merge));
        Assert.Null(await store.TryReplaceAsync(NewRow(slot: 2), read.Value, CancellationToken.None));

        Assert.Equal(2, dropper.WriteAttempts);
        Assert.Equal(7L, (await Sdk.GetEntityAsync<TableEntity>(HoldEntity.Partition, Key)).Value.GetInt64("LastSlot"));
    }

    private string TableName { get; } = TableStoreTests.NewTableName();

    private TableClient Sdk => new(azurite.ConnectionString, TableName);

    private ServiceProvider Services(AnswerDropper dropper) =>
        TableStoreTests.Services(azurite.ConnectionString, TableName, s => s.AddHttpClient(TableRestClient.HttpClientName).AddHttpMessageHandler(() => new DroppingHandler(dropper)));

    private static HoldEntity NewRow(long slot) => new()
    {
        RowKey = Key,
        Account = "main",
        ProductType = "USDT-FUTURES",
        Environment = "Live",
        LastSlot = slot,
    };

    // Inside the retries: once armed, the first write (insert, replace or merge) is forwarded to Azurite or not, then its
    // answer is replaced by a network failure, as a reset connection or an attempt timeout would leave it. Counts the
    // write attempts from arming on.
    private sealed class AnswerDropper
    {
        private bool drop;
        private bool forward;
        private Func<Task>? beforeDrop;
        private int writeAttempts;

        public int WriteAttempts => Volatile.Read(ref writeAttempts);

        public void Arm(bool forwardFirst, bool dropAnswer = true, Func<Task>? beforeDrop = null)
        {
            (drop, forward, this.beforeDrop, writeAttempts) = (dropAnswer, forwardFirst, beforeDrop, 0);
        }

        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Func<Task<HttpResponseMessage>> send)
        {
            var isWrite = request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete && !request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal);
            if (!isWrite)
            {
                return await send();
            }

            Interlocked.Increment(ref writeAttempts);
            if (!drop)
            {
                return await send();
            }

            drop = false;
            if (forward)
            {
                (await send()).Dispose();
            }

            if (beforeDrop is not null)
            {
                await beforeDrop();
            }

            throw new HttpRequestException("The answer was lost (test).");
        }
    }

    // A new handler for each chain the factory builds; the state is shared.
    private sealed class DroppingHandler(AnswerDropper dropper) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            dropper.SendAsync(request, () => base.SendAsync(request, cancellationToken));
    }
}
