using System.Collections.Concurrent;
using Azure.Core;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// Stands in for the managed identity: a new storage JWT (<see cref="StorageTokens"/>) for every request, with the
/// audience and lifetime set here. <see cref="ExpiresOn"/> and <see cref="RefreshOn"/> are what the credential reports
/// (from now, as a real credential does); <see cref="ClaimedLifetime"/> is what the token itself says, which Azurite checks.
/// </summary>
public sealed class IssuingCredential : TokenCredential
{
    private readonly ConcurrentQueue<string> issued = new();
    private readonly ConcurrentQueue<string> scopes = new();

    public string Audience { get; set; } = StorageTokens.StorageAudience;

    /// <summary>The token's own exp claim, from the wall clock (negative: a token already expired).</summary>
    public TimeSpan ClaimedLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan ExpiresOn { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan? RefreshOn { get; set; }

    /// <summary>Every token handed out, in order.</summary>
    public IReadOnlyList<string> Issued => [.. issued];

    public IReadOnlyList<string> Scopes => [.. scopes];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            scopes.Enqueue(scope);
        }

        var token = StorageTokens.Issue(Audience, DateTimeOffset.UtcNow + ClaimedLifetime);
        issued.Enqueue(token);
        var now = DateTimeOffset.UtcNow;
        return new AccessToken(token, now + ExpiresOn, now + RefreshOn, "Bearer");
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
