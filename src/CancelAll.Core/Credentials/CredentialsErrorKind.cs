namespace CancelAll.Core.Credentials;

/// <summary>What went wrong while resolving an account's credentials.</summary>
public enum CredentialsErrorKind
{
    /// <summary>A part of a stored account's key (its secret or passphrase, or a setting) does not exist.</summary>
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

    /// <summary>An unknown account: not in the configuration, or no <c>bitget-{account}-api-key</c> in Key Vault.</summary>
    AccountNotConfigured,

    /// <summary>A secret exists but its value cannot be used (empty, or a demo flag that is not true/false).</summary>
    InvalidSecretValue,
}
