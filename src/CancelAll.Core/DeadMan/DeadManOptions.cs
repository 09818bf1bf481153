using Azure.Core;
using CancelAll.Core.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

/// <param name="services">To check that a TokenCredential is registered when the table is reached with the app's identity.</param>
internal sealed class DeadManOptionsValidator(IServiceProvider services) : IValidateOptions<DeadManOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadManOptions options)
    {
        IReadOnlyList<DeadManAccount> accounts;
        try
        {
            accounts = DeadManAccount.ParseAll(options.Accounts);
        }
        catch (CommandValidationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }

        if (accounts.Count == 0)
        {
            return ValidateOptionsResult.Success; // switched off: the secrets and the table are not needed
        }

        var failures = new List<string>();
        var entries = options.SecretEntries().ToList();
        if (entries.Any(e => e.Account.Length == 0 || e.Secret.Length == 0))
        {
            failures.Add($"{DeadManOptions.Section}:Secrets must be account:secret pairs, comma-separated (for example main:<long random secret>).");
        }
        else if (entries.Any(e => e.Secret.Length < 16))
        {
            failures.Add($"{DeadManOptions.Section}:Secrets has a secret shorter than 16 characters: use long random secrets.");
        }

        foreach (var account in accounts.Where(a => !entries.Any(e => e.Account == a.Account)))
        {
            failures.Add($"{DeadManOptions.Section}:Secrets has no secret for account '{account.Account}': add {account.Account}:<secret>, or take the account out of {DeadManOptions.Section}:Accounts.");
        }

        var hasEndpoint = options.TableEndpoint is not null;
        var hasConnection = !string.IsNullOrWhiteSpace(options.TableConnectionString);
        if (hasEndpoint == hasConnection)
        {
            failures.Add($"Set exactly one of {DeadManOptions.Section}:TableEndpoint (Azure, identity-based: https://<account>.table.core.windows.net/) and {DeadManOptions.Section}:TableConnectionString (Azurite: UseDevelopmentStorage=true).");
        }
        else if (hasEndpoint && !(options.TableEndpoint!.IsAbsoluteUri && options.TableEndpoint.Scheme == Uri.UriSchemeHttps))
        {
            failures.Add($"{DeadManOptions.Section}:TableEndpoint must be an absolute https address, such as https://<account>.table.core.windows.net/.");
        }
        else if (hasEndpoint && services.GetService<TokenCredential>() is null)
        {
            failures.Add($"{DeadManOptions.Section}:TableEndpoint is set, but no Azure.Core.TokenCredential is registered: the table is reached with the app's managed identity (AddCancelAllCredentials registers it with a vault).");
        }

        if (options.TableName.Length is < 3 or > 63 || !char.IsAsciiLetter(options.TableName[0]) || !options.TableName.All(char.IsAsciiLetterOrDigit))
        {
            failures.Add($"{DeadManOptions.Section}:TableName '{CancelTarget.Printable(options.TableName)}' is not a table name: 3-63 letters and digits, starting with a letter.");
        }

        if (options.ClaimTimeout < TimeSpan.FromMinutes(1) || options.ClaimTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{DeadManOptions.Section}:ClaimTimeout must be between 00:01:00 and 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
