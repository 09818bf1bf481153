using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using CancelAll.Core.Hold;
using CancelAll.Core.Tables;
using CancelAll.Core.Tests.DeadMan;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// The core's Table REST client (through <see cref="HoldStore"/>, as the app composes it) against Azurite, which checks
/// Shared Key Lite signatures, ETags and paging as the service does. The Azure SDK (test-only) writes and reads rows
/// on the side, so rows stay readable both ways.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class TableStoreTests(Azurite azurite)
{
    [Fact]
    public async Task A_partition_of_more_than_1000_rows_is_read_whole_across_continuation_pages()
    {
        var tableName = NewTableName();
        var sdk = new TableClient(azurite.ConnectionString, tableName);
        await sdk.CreateAsync();
        const int Count = 1234;
        foreach (var batch in Enumerable.Range(0, Count).Chunk(100))
        {
            await sdk.SubmitTransactionAsync(batch.Select(i => new TableTransactionAction(TableTransactionActionType.Add, SdkRow(i))));
        }

        var requests = new ConcurrentQueue<Uri>();
        await using var services = Services(azurite.ConnectionString, tableName, s => s.AddHttpClient(TableRestClient.HttpClientName).AddHttpMessageHandler(() => new RecordingHandler(requests, failFirstAttempt: true)));

        var rows = await services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None);

        Assert.Equal(Count, rows.Count);
        Assert.Equal(Count, rows.Select(r => r.RowKey).Distinct().Count());
        Assert.All(rows, r => Assert.NotEqual(default, r.ETag));
        var row = rows.Single(r => r.RowKey == RowKey(1001)); // from the second page: columns as the SDK typed them
        Assert.Equal(("main", 1001L, "USDT-FUTURES"), (row.Account, row.LastSlot, row.ProductType));
        Assert.Equal("h-1001", Assert.Single(row.ReadHolds()).Id);
        // The recorder sits inside the retries and answers each page's first attempt 503, as a busy Azurite might: what
        // counts is the distinct pages asked for, not the attempts. Azurite pages at 1000.
        var pages = requests.Where(u => u.AbsolutePath.EndsWith("()", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal(2, pages.Count);
        Assert.DoesNotContain("NextPartitionKey=", pages[0].Query, StringComparison.Ordinal);
        Assert.Contains("NextPartitionKey=", pages[1].Query, StringComparison.Ordinal);
        Assert.Contains("NextRowKey=", pages[1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_or_delete_on_a_stale_etag_gets_412_and_changes_nothing()
    {
        var tableName = NewTableName();
        await using var services = Services(azurite.ConnectionString, tableName);
        var store = services.GetRequiredService<HoldStore>();
        var row = NewRow("main~USDT-FUTURES~ALL~Live", slot: 1);
        Assert.NotNull(await store.TryReplaceAsync(row, default, CancellationToken.None));
        Assert.Null(await store.TryReplaceAsync(NewRow(row.RowKey, slot: 9), default, CancellationToken.None)); // 409: it exists

        var read = (await store.GetAsync(row.RowKey, CancellationToken.None))!;
        var stale = read.ETag;
        read.LastSlot = 2;
        var fresh = await store.TryReplaceAsync(read, stale, CancellationToken.None);
        Assert.NotNull(fresh);
        Assert.NotEqual(stale, fresh);

        read.LastSlot = 3;
        Assert.Null(await store.TryReplaceAsync(read, stale, CancellationToken.None));
        Assert.False(await store.TryDeleteAsync(row.RowKey, stale, CancellationToken.None));

        // The second write stands, as a long (Edm.Int64) for any reader.
        var sdkRow = (await new TableClient(azurite.ConnectionString, tableName).GetEntityAsync<TableEntity>(HoldEntity.Partition, row.RowKey)).Value;
        Assert.Equal(2L, sdkRow.GetInt64("LastSlot"));
        Assert.Equal(fresh!.Value.ToString(), sdkRow.ETag.ToString());

        Assert.True(await store.TryDeleteAsync(row.RowKey, fresh.Value, CancellationToken.None));
        Assert.True(await store.TryDeleteAsync(row.RowKey, fresh.Value, CancellationToken.None)); // already gone: still gone
        Assert.Null(await store.GetAsync(row.RowKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_table_is_a_404_error_that_names_the_table_and_the_setting_not_an_empty_answer()
    {
        var tableName = NewTableName();
        await using var services = Services(azurite.ConnectionString, tableName);
        var store = services.GetRequiredService<HoldStore>();
        Assert.Empty(await store.ListAsync(CancellationToken.None)); // creates the table, once
        await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(tableName);

        var list = await Assert.ThrowsAsync<RequestFailedException>(() => store.ListAsync(CancellationToken.None));
        var get = await Assert.ThrowsAsync<RequestFailedException>(() => store.GetAsync("main~USDT-FUTURES~ALL~Live", CancellationToken.None));
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => store.TryDeleteAsync("main~USDT-FUTURES~ALL~Live", ETag.All, CancellationToken.None));

        foreach (var e in new[] { list, get, delete })
        {
            Assert.Equal((404, "TableNotFound"), (e.Status, e.ErrorCode));
            Assert.Contains($"table '{tableName}' does not exist", e.Message, StringComparison.Ordinal);
            Assert.Contains("CancelAll:Hold:TableName", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_account_key_is_refused_by_azurite_with_an_error_that_names_the_setting_and_not_the_key()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Range(1, 64).Select(i => (byte)i).ToArray());
        var rightKey = azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal))["AccountKey=".Length..];
        var logs = new CapturingLoggerProvider();
        await using var services = Services(azurite.ConnectionString.Replace(rightKey, wrongKey, StringComparison.Ordinal), NewTableName(), s => s.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None));

        Assert.Equal((403, "AuthorizationFailure"), (e.Status, e.ErrorCode)); // Azurite's code for a bad signature (Azure says AuthenticationFailed)
        Assert.Contains("the account key was refused: check AccountName and AccountKey in CancelAll:Hold:TableConnectionString", e.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("x-ms-version", StringComparison.Ordinal)); // the scan sees the request headers (Trace)
        SecretScan.AssertNoSecret([wrongKey, rightKey], [e.ToString(), .. logs.Lines], "table error or log");
    }

    [Fact]
    public async Task A_connection_string_without_a_key_is_refused_naming_what_is_missing_and_not_echoing_it()
    {
        const string Given = "AccountName=devstoreaccount1;SharedAccessSignature=sv=2019-02-02&sig=c2VjcmV0LXNpZ25hdHVyZQ";
        await using var services = Services(Given, NewTableName());

        var e = await Assert.ThrowsAsync<TableSettingsException>(() => services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None));

        Assert.Contains("CancelAll:Hold:TableConnectionString needs AccountName and AccountKey", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LXNpZ25hdHVyZQ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_operation_takes_its_client_from_the_factory_so_handlers_can_rotate()
    {
        var created = 0;
        await using var services = Services(azurite.ConnectionString, NewTableName(), s =>
        {
            var defaultFactory = s.First(d => d.ServiceType.Name == "DefaultHttpClientFactory").ServiceType;
            s.AddSingleton<IHttpClientFactory>(sp => new CountingFactory((IHttpClientFactory)sp.GetRequiredService(defaultFactory), () => Interlocked.Increment(ref created)));
        });
        var store = services.GetRequiredService<HoldStore>();

        await store.ListAsync(CancellationToken.None); // creates the table, then lists
        var afterFirst = Volatile.Read(ref created);
        await store.ListAsync(CancellationToken.None);
        await store.GetAsync("main~USDT-FUTURES~ALL~Live", CancellationToken.None);

        Assert.Equal(afterFirst + 2, Volatile.Read(ref created)); // one client per request, none kept
    }

    [Fact]
    public void The_overall_bound_outlasts_every_attempt_and_backoff()
    {
        var worstCase = (AppTable.Retries + 1) * AppTable.AttemptTimeout + AppTable.Retries * AppTable.MaxBackoff;
        Assert.True(AppTable.TotalTimeout > worstCase, $"{AppTable.TotalTimeout} would cut the last attempt of {worstCase} short");
    }

    internal static string NewTableName() => "t" + Guid.NewGuid().ToString("N")[..16];

    internal static ServiceProvider Services(string connectionString, string tableName, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:Hold:TableConnectionString"] = connectionString,
            ["CancelAll:Hold:TableName"] = tableName,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddCancelAllHoldRelease(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static string RowKey(int i) => $"main~USDT-FUTURES~C{i:D4}~Live";

    private static TableEntity SdkRow(int i) => new(HoldEntity.Partition, RowKey(i))
    {
        ["Account"] = "main",
        ["ProductType"] = "USDT-FUTURES",
        ["Environment"] = "Live",
        ["Scope"] = "Orders",
        ["Holds"] = $"[{{\"id\":\"h-{i}\",\"until\":\"2030-01-01T00:00:00+00:00\"}}]",
        ["LastSlot"] = (long)i,
    };

    private static HoldEntity NewRow(string rowKey, long slot) => new()
    {
        RowKey = rowKey,
        Account = "main",
        ProductType = "USDT-FUTURES",
        Environment = "Live",
        LastSlot = slot,
    };

    private sealed class CountingFactory(IHttpClientFactory inner, Action created) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            created();
            return inner.CreateClient(name);
        }
    }

    // Records every attempt; with failFirstAttempt, the first attempt at each address gets a 503 without reaching Azurite.
    private sealed class RecordingHandler(ConcurrentQueue<Uri> requests, bool failFirstAttempt = false) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var seenBefore = requests.Contains(request.RequestUri!);
            requests.Enqueue(request.RequestUri!);
            return failFirstAttempt && !seenBefore
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable))
                : base.SendAsync(request, cancellationToken);
        }
    }
}
