namespace CancelAll.Core.Credentials;

/// <summary>Where credentials come from: Key Vault, or configuration. No caching here.</summary>
internal interface ICredentialsSource
{
    /// <summary>For logs: "Key Vault my-vault.vault.azure.net" or "configuration".</summary>
    string Description { get; }

    /// <summary>Reads the account now. Throws <see cref="CredentialsException"/>; honours its own deadline.</summary>
    Task<ApiCredentials> ReadAsync(string account, CancellationToken cancellationToken);
}
