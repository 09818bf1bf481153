using System.Text;
using Azure.Core;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Hold;
using CancelAll.Core.Tables;
using CancelAll.Core.Tests.Loopback;
using CancelAll.Core.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// The Azure path: <c>TableEndpoint</c> and the app's <see cref="TokenCredential"/>, against a local HTTPS endpoint that
/// answers as the Table service does (Azurite takes no Entra token without its own OAuth setup). What is checked is what
/// goes on the wire: the bearer token, its scope, the version and date headers, and that a token never goes over http.
/// </summary>
public sealed class BearerTableTests
{
    private const string Token = "fake-storage-token-5e0b1c";
    private const string Row = """{"odata.etag":"W/\"datetime'2026-11-30T12%3A00%3A00.1234567Z'\"","PartitionKey":"hold","RowKey":"main~USDT-FUTURES~ALL~Live","Account":"main","ProductType":"USDT-FUTURES","Environment":"Live","Scope":"Orders","Holds":"[]","LastSlot@odata.type":"Edm.Int64","LastSlot":"7"}""";

    [Fact]
    public async Task Rows_are_read_with_a_bearer_token_for_storage_asked_once_and_kept()
    {
        var answered = 0;
        await using var table = await LoopbackServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref answered) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // busy once: the retry is signed with the kept token
                return Task.CompletedTask;
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"value":[{{Row}}]}""");
        });
        var credential = new FakeTokenCredential(Token);
        var logs = new CapturingLoggerProvider();
        await using var services = Services(table.BaseUri, credential, s =>
        {
            s.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)); // IHttpClientFactory logs headers at Trace
            s.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(table.CreateHandler);
        });
        var store = services.GetRequiredService<HoldStore>();

        var first = Assert.Single(await store.ListAsync(CancellationToken.None));
        await store.ListAsync(CancellationToken.None);

        Assert.Equal((7L, "W/\"datetime'2026-11-30T12%3A00%3A00.1234567Z'\""), (first.LastSlot, first.ETag.ToString()));
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes); // one token, kept for the retry and the second call
        Assert.True(table.Requests.Count >= 3, $"{table.Requests.Count} requests: the first answered 503, then one per call (more if a retry came)");
        Assert.All(table.Requests, request =>
        {
            Assert.Equal("Bearer " + Token, request.Header("Authorization"));
            Assert.Equal(TableRestClient.Version, request.Header("x-ms-version"));
            Assert.True(DateTimeOffset.TryParse(request.Header("x-ms-date"), out var date) && Math.Abs((DateTimeOffset.UtcNow - date).TotalMinutes) < 5, request.Header("x-ms-date"));
            // Sent as "a;b"; Trace logging parses the headers, and HttpClient then sends them normalized ("a; b").
            Assert.Equal("application/json;odata=minimalmetadata", request.Header("Accept")?.Replace(" ", string.Empty, StringComparison.Ordinal));
            Assert.Equal("/heartbeats()", request.Path);
            Assert.Equal("?$filter=PartitionKey%20eq%20%27hold%27", request.QueryString);
        });
        SecretScan.AssertNoSecrets(logs.Lines, Token);
    }

    [Fact]
    public async Task The_hold_and_dead_man_tables_share_one_token()
    {
        await using var table = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"value":[]}""");
        });
        var credential = new FakeTokenCredential(Token);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:Hold:TableEndpoint"] = table.BaseUri.ToString(),
            ["CancelAll:DeadMan:TableEndpoint"] = table.BaseUri.ToString(),
        }).Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<TokenCredential>(credential).AddCancelAllHoldRelease(configuration).AddCancelAllDeadMan(configuration);
        collection.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(table.CreateHandler);
        await using var services = collection.BuildServiceProvider();

        await services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None);
        await services.GetRequiredService<HeartbeatStore>().ListAsync(CancellationToken.None);

        Assert.Equal(2, table.Requests.Select(r => r.Path + r.QueryString).Distinct().Count()); // both stores read their partition
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes); // with one token, asked for once
    }

    [Fact]
    public async Task A_write_sends_the_etag_as_read_and_the_row_as_odata_json_with_its_type_annotations()
    {
        await using var table = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers.ETag = "W/\"datetime'2026-11-30T12%3A00%3A01Z'\"";
            return Task.CompletedTask;
        });
        await using var services = Services(table.BaseUri, new FakeTokenCredential(Token), s => s.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(table.CreateHandler));
        var row = new HoldEntity { RowKey = "main~USDT-FUTURES~ALL~Live", Account = "main", ProductType = "USDT-FUTURES", Environment = "Live", LastSlot = 8 };

        var written = await services.GetRequiredService<HoldStore>().TryReplaceAsync(row, new Azure.ETag("W/\"datetime'2026-11-30T12%3A00%3A00Z'\""), CancellationToken.None);

        Assert.Equal("W/\"datetime'2026-11-30T12%3A00%3A01Z'\"", written!.Value.ToString());
        var request = table.Requests[^1]; // the last attempt (one, unless a slow machine made the client retry)
        Assert.Equal(("PUT", "/heartbeats(PartitionKey='hold',RowKey='main~USDT-FUTURES~ALL~Live')"), (request.Method, request.Path));
        Assert.Equal("W/\"datetime'2026-11-30T12%3A00%3A00Z'\"", request.Header("If-Match"));
        Assert.Contains("\"LastSlot@odata.type\":\"Edm.Int64\",\"LastSlot\":\"8\"", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("ETag", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("HeldScope", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_identity_is_a_403_that_says_which_role_to_grant()
    {
        await using var table = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"odata.error":{"code":"AuthorizationPermissionMismatch","message":{"lang":"en-US","value":"This request is not authorized to perform this operation using this permission."}}}""");
        });
        await using var services = Services(table.BaseUri, new FakeTokenCredential(Token), s => s.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(table.CreateHandler));

        var e = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => services.GetRequiredService<HoldStore>().GetAsync("main~USDT-FUTURES~ALL~Live", CancellationToken.None));

        Assert.Equal((403, "AuthorizationPermissionMismatch"), (e.Status, e.ErrorCode));
        Assert.Contains("Storage Table Data Contributor", e.Message, StringComparison.Ordinal);
        SecretScan.AssertNoSecret([Token], [e.ToString()], "table error");
    }

    [Fact]
    public async Task A_service_that_stays_busy_past_the_retries_is_named_as_throttling_with_what_to_do()
    {
        await using var table = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers["x-ms-error-code"] = "ServerBusy";
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"odata.error":{"code":"ServerBusy","message":{"lang":"en-US","value":"The server is busy."}}}""");
        });
        await using var services = Services(table.BaseUri, new FakeTokenCredential(Token), s => s.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(table.CreateHandler));

        var e = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None));

        Assert.Equal((503, "ServerBusy"), (e.Status, e.ErrorCode));
        Assert.True(table.Requests.Count > 1, "the busy answer is retried before it is reported");
        Assert.Contains("busy", e.Message, StringComparison.Ordinal);
        Assert.Contains("try again", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TableConnectionString", e.Message, StringComparison.Ordinal); // the settings are not what is wrong
    }

    [Fact]
    public async Task A_call_that_gives_up_while_the_identity_is_still_silent_blames_the_identity_not_the_table_service()
    {
        await using var table = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"value":[]}""");
        });
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = Services(table.BaseUri, new SilentCredential(), s =>
        {
            s.AddSingleton<TimeProvider>(clock); // the retry pipeline's timeouts and delays run on it
            s.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(table.CreateHandler);
        });

        var call = services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None);
        for (var second = 0; second < 300 && !call.IsCompleted; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // through every attempt's timeout and backoff to the call's own
            await Task.Delay(10);
        }

        var e = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal("TokenUnavailable", e.ErrorCode);
        Assert.Contains("app's identity", e.Message, StringComparison.Ordinal);
        Assert.Contains("managed identity", e.Message, StringComparison.Ordinal); // what to check
        Assert.DoesNotContain("TableConnectionString", e.Message, StringComparison.Ordinal); // the settings are not what is wrong
        Assert.Empty(table.Requests); // no attempt got as far as the table
    }

    [Fact]
    public async Task A_token_is_never_sent_over_plain_http()
    {
        var credential = new FakeTokenCredential(Token);
        await using var services = Services(new Uri("http://127.0.0.1:9/"), credential);

        var e = await Assert.ThrowsAsync<TableSettingsException>(() => services.GetRequiredService<HoldStore>().ListAsync(CancellationToken.None));

        Assert.Contains("not https", e.Message, StringComparison.Ordinal);
        Assert.Empty(credential.Scopes); // refused before a token was even asked for
    }

    private static ServiceProvider Services(Uri endpoint, TokenCredential credential, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:Hold:TableEndpoint"] = endpoint.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(credential).AddCancelAllHoldRelease(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>An identity endpoint that never answers (a managed identity that is not there yet), until the call gives up.</summary>
    private sealed class SilentCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The tables ask asynchronously.");

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
