namespace CancelAll.Core.Credentials;

/// <summary>What went wrong while resolving an account's credentials.</summary>
public enum CredentialsErrorKind
{
    /// <summary>The secret (or configuration setting) does not exist.</summary>
    SecretMissing,

    /// <summary>The Key Vault secret exists but is disabled.</summary>
    SecretDisabled,

    /// <summary>403/401 from Key Vault, or no token could be obtained for the identity.</summary>
    AccessDenied,

    /// <summary>429 from Key Vault, still after the bounded SDK retries.</summary>
    VaultThrottled,

    /// <summary>5xx or a connection failure, still after the bounded SDK retries.</summary>
    VaultUnavailable,

    /// <summary>The vault did not answer within the configured time.</summary>
    Timeout,

    /// <summary>The account name breaks the naming rule.</summary>
    InvalidAccountName,

    /// <summary>No such account in the configuration source.</summary>
    AccountNotConfigured,

    /// <summary>A secret exists but its value cannot be used (empty, or a demo flag that is not true/false).</summary>
    InvalidSecretValue,
}

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

    /// <summary>True for failures that may pass on their own: throttling, an unavailable vault, a timeout.</summary>
    public bool IsTransient => Kind is CredentialsErrorKind.VaultThrottled or CredentialsErrorKind.VaultUnavailable or CredentialsErrorKind.Timeout;
}
