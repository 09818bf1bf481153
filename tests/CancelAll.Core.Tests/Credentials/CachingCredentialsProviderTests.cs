using CancelAll.Core.Credentials;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>The cache alone, over a source whose reads the test releases by hand.</summary>
public sealed class CachingCredentialsProviderTests
{
    private sealed class GatedSource : ICredentialsSource
    {
        private int _reads;

        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<int, ApiCredentials> Next { get; set; } = n => new ApiCredentials($"key-{n}", $"secret-{n}", $"phrase-{n}");

        public int Reads => Volatile.Read(ref _reads);

        public string Description => "gated";

        public async Task<ApiCredentials> ReadAsync(string account, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _reads);
            await Gate.Task;
            return Next(n);
        }
    }

    private static CachingCredentialsProvider Create(GatedSource source, TimeProvider? time = null) =>
        new(source, time ?? TimeProvider.System, TimeSpan.FromMinutes(5), NullLogger<CachingCredentialsProvider>.Instance);

    [Fact]
    public async Task A_thousand_concurrent_misses_share_one_read()
    {
        var source = new GatedSource();
        var provider = Create(source);

        var waiting = Enumerable.Range(0, 1000).Select(_ => provider.GetAsync("main", CancellationToken.None).AsTask()).ToList();
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        source.Gate.SetResult();
        var all = await Task.WhenAll(waiting);

        Assert.Equal(1, source.Reads);
        Assert.All(all, c => Assert.Same(all[0], c));
    }

    [Fact]
    public async Task Accounts_are_cached_separately()
    {
        var source = new GatedSource();
        source.Gate.SetResult();
        var provider = Create(source);

        var main = await provider.GetAsync("main", CancellationToken.None);
        var hedge = await provider.GetAsync("hedge-sub1", CancellationToken.None);

        Assert.NotSame(main, hedge);
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task A_failed_read_fails_every_waiter_and_is_not_cached()
    {
        var source = new GatedSource();
        var calls = 0;
        source.Next = n => ++calls == 1 ? throw new CredentialsException(CredentialsErrorKind.VaultUnavailable, "main", "bitget-main-api-key", "down") : new ApiCredentials("k", "s", "p");
        var provider = Create(source);

        var waiting = Enumerable.Range(0, 10).Select(_ => provider.GetAsync("main", CancellationToken.None).AsTask()).ToList();
        source.Gate.SetResult();
        foreach (var t in waiting)
        {
            await Assert.ThrowsAsync<CredentialsException>(() => t);
        }

        Assert.Equal("k", (await provider.GetAsync("main", CancellationToken.None)).ApiKey);
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task The_entry_expires_after_the_ttl_measured_from_the_end_of_the_read()
    {
        var time = new FakeTimeProvider();
        var source = new GatedSource();
        source.Gate.SetResult();
        var provider = Create(source, time);

        await provider.GetAsync("main", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await provider.GetAsync("main", CancellationToken.None);
        Assert.Equal(1, source.Reads);

        time.Advance(TimeSpan.FromTicks(1));
        var second = await provider.GetAsync("main", CancellationToken.None);

        Assert.Equal(2, source.Reads);
        Assert.Equal("key-2", second.ApiKey);
    }

    [Fact]
    public async Task Refresh_joins_a_read_under_way()
    {
        var source = new GatedSource();
        source.Gate.SetResult();
        var provider = Create(source);
        var old = await provider.GetAsync("main", CancellationToken.None);
        source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var refreshes = Enumerable.Range(0, 50).Select(_ => provider.RefreshAsync("main", old, CancellationToken.None).AsTask()).ToList();
        var get = provider.GetAsync("main", CancellationToken.None).AsTask();
        source.Gate.SetResult();
        var results = await Task.WhenAll(refreshes);

        Assert.Equal(2, source.Reads);
        Assert.All(results, r => Assert.Equal("key-2", r?.ApiKey));
        Assert.Equal("key-2", (await get).ApiKey); // a Get during the refresh waits for it rather than serving the rejected key
    }

    [Fact]
    public async Task Refresh_after_someone_else_picked_up_the_new_key_returns_it_without_a_read()
    {
        var source = new GatedSource();
        source.Gate.SetResult();
        var provider = Create(source);
        var old = await provider.GetAsync("main", CancellationToken.None);
        var first = await provider.RefreshAsync("main", old, CancellationToken.None);

        var late = await provider.RefreshAsync("main", old, CancellationToken.None);

        Assert.Same(first, late);
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task Refresh_compares_key_secret_and_passphrase()
    {
        var source = new GatedSource { Next = _ => new ApiCredentials("k", "s", "p") };
        source.Gate.SetResult();
        var provider = Create(source);
        var same = await provider.GetAsync("main", CancellationToken.None);

        Assert.Null(await provider.RefreshAsync("main", same, CancellationToken.None));
        Assert.NotNull(await provider.RefreshAsync("main", new ApiCredentials("k", "s", "other"), CancellationToken.None));
        Assert.NotNull(await provider.RefreshAsync("main", new ApiCredentials("k", "other", "p"), CancellationToken.None));
        Assert.NotNull(await provider.RefreshAsync("main", new ApiCredentials("other", "s", "p"), CancellationToken.None));
    }

    [Fact]
    public async Task Refresh_rejects_invalid_account_names()
    {
        var provider = Create(new GatedSource());

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => provider.RefreshAsync("Main", new ApiCredentials("k", "s", "p"), CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.InvalidAccountName, ex.Kind);
    }
}
