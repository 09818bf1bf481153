namespace CancelAll.Core.Commands;

/// <summary>
/// Account names become parts of Key Vault secret names, which allow only letters, digits and dashes.
/// Lower-case letters, digits and single inner dashes, starting with a letter, 1-40 characters.
/// </summary>
public static class AccountNames
{
    public const int MaxLength = 40;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.EndsWith('-')
        && !name.Contains("--", StringComparison.Ordinal);

    public static string Validate(string? name, string field = "account")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CommandValidationException(field, $"{field} is missing: name the account to cancel for, such as main.");
        }

        return IsValid(name)
            ? name
            : throw new CommandValidationException(field, $"{field} '{CancelTarget.Printable(name)}' is not a valid account name: use lower-case letters, digits and single dashes, starting with a letter, at most {MaxLength} characters (for example main or hedge-sub1).");
    }
}
