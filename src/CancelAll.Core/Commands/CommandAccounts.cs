using Rules = CancelAll.Core.Credentials.AccountNames;

namespace CancelAll.Core.Commands;

/// <summary>Account names in commands, checked with the one naming rule the vault's secret names need.</summary>
internal static class CommandAccounts
{
    public static string Validate(string? name, string field = "account")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CommandValidationException(field, $"{field} is missing: name the account to cancel for, such as main.");
        }

        return Rules.Check(name) is { } problem
            ? throw new CommandValidationException(field, $"{field} '{CancelTarget.Printable(name)}' is not a valid account name: {problem}; {Rules.Rule} (for example main or hedge-sub1).")
            : name;
    }
}
