using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Hold;
using CancelAll.Core.Tables;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// The managed-identity path against a real table service: Azurite checking bearer tokens over HTTPS. The app's own
/// registrations (<c>CancelAll:Hold:TableEndpoint</c>, <c>CancelAll:DeadMan:TableEndpoint</c> and the registered
/// <see cref="TokenCredential"/>) with a credential that issues storage JWTs; the only test part on the way is the
/// handler that trusts Azurite's certificate and notes which token each attempt carried. Each test has its own table.
/// </summary>
[Collection(AzuriteOAuthGroup.Name)]
public sealed class AzuriteBearerTests(AzuriteOAuth azurite) : IDisposable
{
    private readonly ConcurrentQueue<string?> sent = new();
    private readonly CapturingLoggerProvider logs = new();

    [Fact]
    public async Task The_hold_latch_writes_reads_updates_and_deletes_its_row_with_the_identity_token()
    {
        var credential = new IssuingCredential();
        await using var services = await ServicesAsync(credential);
        var store = services.GetRequiredService<HoldStore>();
        var row = new HoldEntity { RowKey = "main~USDT-FUTURES~ALL~Live", Account = "main", ProductType = "USDT-FUTURES", Environment = "Live", LastSlot = 1 };

        var inserted = await store.TryReplaceAsync(row, default, CancellationToken.None);
        Assert.NotNull(inserted);
        Assert.Null(await store.TryReplaceAsync(row, default, CancellationToken.None)); // the row exists: an insert is refused

        var read = await store.GetAsync(row.RowKey, CancellationToken.None);
        Assert.Equal(("main", 1L, inserted.Value), (read!.Account, read.LastSlot, read.ETag));

        row.LastSlot = 2;
        var updated = await store.TryReplaceAsync(row, inserted.Value, CancellationToken.None);
        Assert.NotNull(updated);
        Assert.NotEqual(inserted, updated);
        row.LastSlot = 3;
        Assert.Null(await store.TryReplaceAsync(row, inserted.Value, CancellationToken.None)); // a stale ETag loses

        Assert.Equal(2L, Assert.Single(await store.ListAsync(CancellationToken.None)).LastSlot);
        Assert.False(await store.TryDeleteAsync(row.RowKey, inserted.Value, CancellationToken.None));
        Assert.True(await store.TryDeleteAsync(row.RowKey, updated.Value, CancellationToken.None));
        Assert.Null(await store.GetAsync(row.RowKey, CancellationToken.None));

        AssertOneTokenServedEveryAttempt(credential);
    }

    [Fact]
    public async Task The_dead_man_switch_writes_reads_updates_merges_and_deletes_its_row_with_the_identity_token()
    {
        var credential = new IssuingCredential();
        await using var services = await ServicesAsync(credential);
        var store = services.GetRequiredService<HeartbeatStore>();
        var beat = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var row = new HeartbeatEntity { RowKey = "main", BeatId = "beat-1", LastBeatAt = beat, TimeoutSeconds = 300, LapsesAt = beat.AddMinutes(5) };

        var armed = await store.TryReplaceAsync(row, default, CancellationToken.None);
        Assert.NotNull(armed);

        row.State = nameof(SwitchState.Fired);
        row.ClaimedAt = beat.AddMinutes(5);
        var claimed = await store.TryReplaceAsync(row, armed.Value, CancellationToken.None);
        Assert.NotNull(claimed);
        Assert.Null(await store.TryReplaceAsync(row, armed.Value, CancellationToken.None)); // a second claim of the same lapse loses

        await store.RecordCountdownAsync("main", beat.AddMinutes(1), "Refreshed", CancellationToken.None);
        var read = await store.GetAsync("main", CancellationToken.None);
        Assert.Equal((SwitchState.Fired, "beat-1", beat.AddMinutes(5), "Refreshed", beat.AddMinutes(1)), (read!.SwitchState, read.BeatId, read.ClaimedAt, read.CountdownResult, read.CountdownAt));
        Assert.NotEqual(claimed, read.ETag); // the merge made a new version

        Assert.False(await store.TryDeleteAsync("main", claimed.Value, CancellationToken.None));
        Assert.True(await store.TryDeleteAsync("main", read.ETag, CancellationToken.None));
        Assert.Empty(await store.ListAsync(CancellationToken.None));

        AssertOneTokenServedEveryAttempt(credential);
    }

    [Theory]
    [InlineData("https://vault.azure.net", 60, "Invalid token audience.")] // a token for another resource
    [InlineData(StorageTokens.StorageAudience, -60, "The token is expired.")] // expired by its own claim while the credential says valid (a skewed clock)
    public async Task A_token_the_service_refuses_is_a_named_error_and_the_next_call_asks_for_a_new_token(string audience, int claimedMinutes, string reason)
    {
        var credential = new IssuingCredential { Audience = audience, ClaimedLifetime = TimeSpan.FromMinutes(claimedMinutes) };
        await using var services = await ServicesAsync(credential);
        var store = services.GetRequiredService<HoldStore>();

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => store.ListAsync(CancellationToken.None));

        Assert.Equal((403, "AuthenticationFailed"), (e.Status, e.ErrorCode));
        Assert.Contains("refused the app's token", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal); // the service's own reason
        Assert.Contains(BearerTokenAuthorization.Scope, e.Message, StringComparison.Ordinal); // what a right token is for
        Assert.DoesNotContain("Storage Table Data Contributor", e.Message, StringComparison.Ordinal); // not a missing role
        var refused = Assert.Single(credential.Issued);
        SecretScan.AssertNoSecret([refused], [e.ToString()], "table error");

        credential.Audience = StorageTokens.StorageAudience; // the identity is put right: the held token must not be reused
        credential.ClaimedLifetime = TimeSpan.FromHours(1);
        Assert.Empty(await store.ListAsync(CancellationToken.None));

        Assert.Equal(2, credential.Issued.Count);
        Assert.Equal("Bearer " + credential.Issued[1], sent.Last());
        SecretScan.AssertNoSecrets(logs.Lines, [.. credential.Issued]);
    }

    [Fact]
    public async Task A_token_refreshed_at_its_refresh_on_is_the_one_the_next_call_sends()
    {
        // The wall clock, not a fake one: the retry pipeline's delays run on the app's TimeProvider, and a fake clock
        // nobody advances would hang a retry. A RefreshOn of "now" is due at the next call.
        var credential = new IssuingCredential { ExpiresOn = TimeSpan.FromHours(1), RefreshOn = TimeSpan.Zero };
        await using var services = await ServicesAsync(credential);
        var store = services.GetRequiredService<HoldStore>();

        Assert.Empty(await store.ListAsync(CancellationToken.None));
        var beforeRefresh = sent.Count;
        credential.RefreshOn = TimeSpan.FromMinutes(30); // the next token is due in 30 minutes

        Assert.Empty(await store.ListAsync(CancellationToken.None)); // token-1's RefreshOn has come: refreshed
        Assert.Empty(await store.ListAsync(CancellationToken.None)); // token-2 is kept

        Assert.Equal(2, credential.Issued.Count);
        Assert.All(sent.Take(beforeRefresh), header => Assert.Equal("Bearer " + credential.Issued[0], header));
        Assert.All(sent.Skip(beforeRefresh), header => Assert.Equal("Bearer " + credential.Issued[1], header)); // Azurite took it
        SecretScan.AssertNoSecrets(logs.Lines, [.. credential.Issued]);
    }

    public void Dispose() => logs.Dispose();

    private async Task<ServiceProvider> ServicesAsync(TokenCredential credential)
    {
        var table = "t" + Guid.NewGuid().ToString("N")[..12];
        await azurite.CreateTableAsync(table);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:Hold:TableEndpoint"] = azurite.TableEndpoint.ToString(),
            ["CancelAll:Hold:TableName"] = table,
            ["CancelAll:DeadMan:TableEndpoint"] = azurite.TableEndpoint.ToString(),
            ["CancelAll:DeadMan:TableName"] = table,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)) // IHttpClientFactory logs headers at Trace
            .AddSingleton(credential)
            .AddCancelAllHoldRelease(configuration)
            .AddCancelAllDeadMan(configuration);
        services.AddHttpClient(TableRestClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new AuthorizationRecorder(sent, azurite.CreateHandler()));
        return services.BuildServiceProvider();
    }

    private void AssertOneTokenServedEveryAttempt(IssuingCredential credential)
    {
        Assert.Equal([BearerTokenAuthorization.Scope], credential.Scopes);
        var token = Assert.Single(credential.Issued);
        Assert.NotEmpty(sent);
        Assert.All(sent, header => Assert.Equal("Bearer " + token, header));
        SecretScan.AssertNoSecrets(logs.Lines, token);
    }
}
