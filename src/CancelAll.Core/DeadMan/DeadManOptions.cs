using CancelAll.Core.Commands;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// Settings of the dead-man's switch. Section <c>CancelAll:DeadMan</c>. The switch is off while <see cref="Accounts"/>
/// is empty; then nothing else here is read.
/// </summary>
public sealed class DeadManOptions
{
    public const string Section = "CancelAll:DeadMan";

    /// <summary>Shortest heartbeat timeout a bot may ask for.</summary>
    public const int MinTimeoutSeconds = 5;

    /// <summary>Longest heartbeat timeout a bot may ask for: one day.</summary>
    public const int MaxTimeoutSeconds = 86_400;

    /// <summary>A JSON array of the accounts a heartbeat may arm; see <see cref="DeadManAccount"/> and README.</summary>
    public string Accounts { get; set; } = "[]";

    /// <summary>
    /// Per-account heartbeat secrets, <c>account:secret</c> each (two entries for one account during a rotation): an
    /// array, or one comma-separated value. In Azure a Key Vault reference, like the webhook secrets.
    /// </summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>Table endpoint of the app's storage account (Azure: identity-based, with the app's TokenCredential).</summary>
    public Uri? TableEndpoint { get; set; }

    /// <summary>A storage connection string instead of the endpoint: Azurite locally (<c>UseDevelopmentStorage=true</c>) and in tests.</summary>
    public string? TableConnectionString { get; set; }

    public string TableName { get; set; } = "heartbeats";

    /// <summary>
    /// A lapse claimed by a run that never recorded its end (the instance died) is run again after this long. The
    /// Functions timeout (5 minutes) bounds a run, so a live run is never taken over.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public bool Enabled => ParsedAccounts.Count > 0;

    /// <summary>The accounts, parsed; an empty list while the setting is empty or invalid (the validator reports why).</summary>
    public IReadOnlyDictionary<string, DeadManAccount> ParsedAccounts
    {
        get
        {
            try
            {
                return DeadManAccount.ParseAll(Accounts).ToDictionary(a => a.Account, StringComparer.Ordinal);
            }
            catch (CommandValidationException)
            {
                return new Dictionary<string, DeadManAccount>();
            }
        }
    }

    /// <summary>The secrets of one account; entries that are not <c>account:secret</c> are left out (the validator reports them).</summary>
    public IReadOnlyList<string> SecretsOf(string account) =>
        SecretEntries()
            .Where(e => e.Account == account)
            .Select(e => e.Secret)
            .ToList();

    internal IEnumerable<(string Account, string Secret)> SecretEntries() =>
        Secrets.Select(e => e.Trim()).Where(e => e.Length > 0)
            .Select(e => e.Split(':', 2) is [var account, var secret] ? (account.Trim(), secret.Trim()) : (string.Empty, string.Empty));
}
