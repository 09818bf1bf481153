namespace CancelAll.Core.Credentials;

/// <summary>Credentials handed over directly (CLI environment variables, the sandbox): one account, nothing to refresh.</summary>
public sealed class FixedCredentialsProvider(string configuredAccount, ApiCredentials credentials) : ICredentialsProvider
{
    public ValueTask<ApiCredentials> GetAsync(string account, CancellationToken cancellationToken) =>
        string.Equals(account, configuredAccount, StringComparison.Ordinal)
            ? ValueTask.FromResult(credentials)
            : throw new InvalidOperationException($"Only account '{configuredAccount}' is configured here; '{account}' is not.");

    public ValueTask<ApiCredentials?> RefreshAsync(string account, ApiCredentials rejected, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ApiCredentials?>(null);
}
