using System.Collections.Concurrent;
using Azure.Core;

namespace CancelAll.Core.Tests.Loopback;

/// <summary>Hands out a fixed token and remembers which scopes were asked for.</summary>
public sealed class FakeTokenCredential(string token) : TokenCredential
{
    private readonly ConcurrentQueue<string> scopes = new();

    public string Token { get; } = token;

    public IReadOnlyList<string> Scopes => [.. scopes];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            scopes.Enqueue(scope);
        }

        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
