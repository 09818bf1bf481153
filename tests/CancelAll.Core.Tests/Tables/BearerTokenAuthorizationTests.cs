using Azure;
using Azure.Core;
using CancelAll.Core.Tables;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// The bearer token's cache on a fake clock: refreshed at RefreshOn (or 5 minutes before expiry), kept when a refresh
/// fails while it is still valid, a clear error once it has expired, and one fetch for concurrent callers.
/// </summary>
public sealed class BearerTokenAuthorizationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_token_is_kept_until_its_refresh_on_then_refreshed()
    {
        var clock = new FakeTimeProvider(Start);
        var credential = new ScriptedCredential(clock) { Lifetime = TimeSpan.FromHours(1), RefreshAfter = TimeSpan.FromMinutes(30) };
        using var authorization = new BearerTokenAuthorization(credential, clock);

        Assert.Equal("Bearer token-1", await AuthorizeAsync(authorization));
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("Bearer token-1", await AuthorizeAsync(authorization));
        clock.Advance(TimeSpan.FromMinutes(1)); // at RefreshOn, 30 minutes before expiry
        Assert.Equal("Bearer token-2", await AuthorizeAsync(authorization));
        Assert.Equal(2, credential.Calls);
    }

    [Fact]
    public async Task A_failed_refresh_falls_back_to_the_held_token_while_it_is_valid()
    {
        var clock = new FakeTimeProvider(Start);
        var credential = new ScriptedCredential(clock) { Lifetime = TimeSpan.FromHours(1) };
        using var authorization = new BearerTokenAuthorization(credential, clock);
        Assert.Equal("Bearer token-1", await AuthorizeAsync(authorization));

        credential.FailWith = new InvalidOperationException("identity endpoint down");
        clock.Advance(TimeSpan.FromMinutes(56)); // inside the 5-minute refresh margin, 4 minutes left

        Assert.Equal("Bearer token-1", await AuthorizeAsync(authorization));
        Assert.Equal("Bearer token-1", await AuthorizeAsync(authorization));
        Assert.Equal(3, credential.Calls); // each call in the margin tries the refresh again

        credential.FailWith = null;
        Assert.Equal("Bearer token-4", await AuthorizeAsync(authorization));
    }

    [Fact]
    public async Task An_expired_token_with_a_failing_credential_fails_with_an_error_that_says_what_to_check()
    {
        var clock = new FakeTimeProvider(Start);
        var credential = new ScriptedCredential(clock) { Lifetime = TimeSpan.FromHours(1) };
        using var authorization = new BearerTokenAuthorization(credential, clock);
        await AuthorizeAsync(authorization);

        credential.FailWith = new InvalidOperationException("secret-bearing detail 7f3a");
        clock.Advance(TimeSpan.FromHours(1));

        var e = await Assert.ThrowsAsync<RequestFailedException>(() => AuthorizeAsync(authorization));
        Assert.Equal("TokenUnavailable", e.ErrorCode);
        Assert.Contains("No token for the table service", e.Message, StringComparison.Ordinal);
        Assert.Contains("managed identity", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7f3a", e.Message, StringComparison.Ordinal);
        Assert.Same(credential.FailWith, e.InnerException);
    }

    [Fact]
    public async Task Concurrent_callers_without_a_token_cause_one_fetch()
    {
        var clock = new FakeTimeProvider(Start);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var credential = new ScriptedCredential(clock) { Lifetime = TimeSpan.FromHours(1), Gate = gate.Task };
        using var authorization = new BearerTokenAuthorization(credential, clock);

        var callers = Enumerable.Range(0, 8).Select(_ => AuthorizeAsync(authorization)).ToList();
        gate.SetResult();
        var headers = await Task.WhenAll(callers);

        Assert.All(headers, h => Assert.Equal("Bearer token-1", h));
        Assert.Equal(1, credential.Calls);
    }

    [Fact]
    public async Task A_fetch_outlives_the_attempt_that_gave_up_on_it_so_the_retry_waits_for_it_instead_of_asking_again()
    {
        var clock = new FakeTimeProvider(Start);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var credential = new ScriptedCredential(clock) { Lifetime = TimeSpan.FromHours(1), Gate = gate.Task };
        using var authorization = new BearerTokenAuthorization(credential, clock);
        using var attempt = new CancellationTokenSource();

        var first = AuthorizeAsync(authorization, attempt.Token);
        await attempt.CancelAsync(); // the attempt's timeout, while the identity endpoint is slow
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var retry = AuthorizeAsync(authorization);
        gate.SetResult();

        Assert.Equal("Bearer token-1", await retry);
        Assert.Equal(1, credential.Calls); // one fetch, finished for the retry, not cancelled and started over
    }

    [Fact]
    public async Task A_refused_token_is_dropped_but_a_newer_one_is_kept()
    {
        var clock = new FakeTimeProvider(Start);
        var credential = new ScriptedCredential(clock) { Lifetime = TimeSpan.FromHours(1), RefreshAfter = TimeSpan.FromMinutes(30) };
        using var authorization = new BearerTokenAuthorization(credential, clock);
        using var first = await AuthorizedAsync(authorization);
        clock.Advance(TimeSpan.FromMinutes(30));
        using var second = await AuthorizedAsync(authorization); // refreshed: token-2 is held

        authorization.Refused(first); // an answer to a request sent before the refresh
        Assert.Equal("Bearer token-2", await AuthorizeAsync(authorization));
        Assert.Equal(2, credential.Calls);

        authorization.Refused(second);
        Assert.Equal("Bearer token-3", await AuthorizeAsync(authorization)); // asked again, long before token-2's RefreshOn
        Assert.Equal(3, credential.Calls);
    }

    private static async Task<HttpRequestMessage> AuthorizedAsync(BearerTokenAuthorization authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://127.0.0.1/heartbeats()");
        await authorization.AuthorizeAsync(request, "Mon, 30 Nov 2026 12:00:00 GMT", CancellationToken.None);
        return request;
    }

    private static async Task<string> AuthorizeAsync(BearerTokenAuthorization authorization, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://127.0.0.1/heartbeats()");
        await authorization.AuthorizeAsync(request, "Mon, 30 Nov 2026 12:00:00 GMT", cancellationToken);
        return string.Join(",", request.Headers.GetValues("Authorization"));
    }

    /// <summary>Numbered tokens valid for <see cref="Lifetime"/> from the fake clock's now; fails with <see cref="FailWith"/> when set.</summary>
    private sealed class ScriptedCredential(TimeProvider clock) : TokenCredential
    {
        private int calls;

        public TimeSpan Lifetime { get; init; }

        public TimeSpan? RefreshAfter { get; init; }

        public Task Gate { get; init; } = Task.CompletedTask;

        public Exception? FailWith { get; set; }

        public int Calls => Volatile.Read(ref calls);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref calls);
            await Gate.WaitAsync(cancellationToken); // as a real credential: a cancelled caller stops its fetch
            if (FailWith is { } failure)
            {
                throw failure;
            }

            var now = clock.GetUtcNow();
            return new AccessToken($"token-{number}", now + Lifetime, now + RefreshAfter, "Bearer");
        }
    }
}
