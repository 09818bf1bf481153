namespace CancelAll.Core.Credentials;

/// <summary>Credentials handed over directly (tests, benchmarks): one account, nothing to refresh.</summary>
internal sealed class FixedCredentialsProvider(string configuredAccount, ApiCredentials credentials) : ICredentialsProvider
{
    public ValueTask<ApiCredentials> GetAsync(string account, CancellationToken cancellationToken) =>
        string.Equals(account, configuredAccount, StringComparison.Ordinal)
            ? ValueTask.FromResult(credentials)
            : throw new CredentialsException(CredentialsErrorKind.AccountNotConfigured, account, null, $"Account '{account}' is not configured here; only '{configuredAccount}' is.");

    public ValueTask<ApiCredentials?> RefreshAsync(string account, ApiCredentials rejected, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ApiCredentials?>(null);
}
