namespace CancelAll.Core.Credentials;

/// <summary>Resolves a named account to its API credentials.</summary>
public interface ICredentialsProvider
{
    /// <summary>Returns the account's credentials, from cache when fresh.</summary>
    ValueTask<ApiCredentials> GetAsync(string account, CancellationToken cancellationToken);

    /// <summary>
    /// Called when the exchange rejected <paramref name="rejected"/> as invalid: the key may have been rotated.
    /// Returns newer credentials when the source has them, or null when it holds the same key.
    /// </summary>
    ValueTask<ApiCredentials?> RefreshAsync(string account, ApiCredentials rejected, CancellationToken cancellationToken);
}
