namespace CancelAll.Core.Credentials;

/// <summary><c>CancelAll:KeyVault</c>. Defaults keep one account read well under 10 s even when the vault misbehaves.</summary>
public sealed class KeyVaultSettings
{
    /// <summary>https://&lt;vault&gt;.vault.azure.net/. Absent: accounts come from configuration.</summary>
#pragma warning disable CA1056 // A string, so that a malformed value is reported by the validator with the setting's name.
    public string? VaultUri { get; set; }
#pragma warning restore CA1056

    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long "this account's secret does not exist" is answered from cache, so that unknown accounts do not hammer the vault.</summary>
    public TimeSpan NotFoundCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    public int RetryMaxRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Per HTTP attempt.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Hard deadline for reading one account (all its secrets, retries included).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(8);

    internal Uri? ParsedVaultUri => string.IsNullOrWhiteSpace(VaultUri) ? null : new Uri(VaultUri.Trim(), UriKind.Absolute);
}
