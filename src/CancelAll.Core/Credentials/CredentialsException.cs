namespace CancelAll.Core.Credentials;

/// <summary>
/// A credentials failure, classified. The message names the account, the secret (or setting) and the fix.
/// It never carries a secret value, and never the vault's response body.
/// </summary>
internal sealed class CredentialsException : Exception
{
    public CredentialsException(CredentialsErrorKind kind, string? account, string? secretName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Account = account;
        SecretName = secretName;
    }

    public CredentialsException()
        : this(CredentialsErrorKind.VaultUnavailable, null, null, "Credentials could not be read.")
    {
    }

    public CredentialsException(string message)
        : this(CredentialsErrorKind.VaultUnavailable, null, null, message)
    {
    }

    public CredentialsException(string message, Exception innerException)
        : this(CredentialsErrorKind.VaultUnavailable, null, null, message, innerException)
    {
    }

    public CredentialsErrorKind Kind { get; }

    /// <summary>The account, e.g. "main"; null only when the failure is not about one account.</summary>
    public string? Account { get; }

    /// <summary>The Key Vault secret name (bitget-main-api-key) or the configuration setting (CancelAll:Accounts:main:ApiKey).</summary>
    public string? SecretName { get; }

    /// <summary>The HTTP status Key Vault answered with, when there was one.</summary>
    public int? VaultStatus { get; init; }

    /// <summary>The account or one of its secrets does not exist: a definite answer, cached for a short time (NotFoundCacheTtl).</summary>
    public bool IsNotFound => Kind is CredentialsErrorKind.AccountNotConfigured or CredentialsErrorKind.SecretMissing;

    /// <summary>True for failures that may pass on their own: throttling, an unavailable vault, a timeout.</summary>
    public bool IsTransient => Kind is CredentialsErrorKind.VaultThrottled or CredentialsErrorKind.VaultUnavailable or CredentialsErrorKind.Timeout;
}
