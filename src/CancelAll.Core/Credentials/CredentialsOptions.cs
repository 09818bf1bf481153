namespace CancelAll.Core.Credentials;

/// <summary>
/// The <c>CancelAll</c> configuration section, as far as credentials go. Account secrets are never bound into
/// options: the configuration source reads them on demand, so they cannot show up in a dumped options object.
/// </summary>
public sealed class CredentialsOptions
{
    public const string SectionName = "CancelAll";
    public const string VaultUriKey = "CancelAll:KeyVault:VaultUri";
    public const string ManagedIdentityClientIdKey = "CancelAll:ManagedIdentityClientId";
    public const string AccountsKey = "CancelAll:Accounts";

    public KeyVaultSettings KeyVault { get; set; } = new();

    /// <summary>Client id of the user-assigned managed identity; when absent, DefaultAzureCredential is used.</summary>
    public string? ManagedIdentityClientId { get; set; }
}
