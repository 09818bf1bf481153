namespace CancelAll.Core.Credentials;

/// <summary>The Key Vault secret names that hold one account's credentials.</summary>
internal sealed record AccountSecretNames(string Account, string ApiKey, string ApiSecret, string Passphrase, string Demo)
{
    public IEnumerable<string> All => [ApiKey, ApiSecret, Passphrase, Demo];
}
