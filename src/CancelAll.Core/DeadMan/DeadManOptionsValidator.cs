using Azure.Core;
using CancelAll.Core.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.DeadMan;

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
