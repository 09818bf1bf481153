namespace CancelAll.Core.Credentials;

/// <summary>
/// The naming rule for accounts and the one secret naming scheme derived from it.
/// An account is 1-40 characters: lower-case letters, digits and single inner dashes, starting with a letter.
/// Its secrets are <c>bitget-{account}-api-key</c>, <c>-api-secret</c>, <c>-passphrase</c> and the optional <c>-demo</c>.
/// </summary>
/// <remarks>
/// No two (account, suffix) pairs give one secret name: that would need a suffix to end in "-" plus another
/// suffix (as "x-api-key" would end in "-api-key"), and none does; a test guards this for future suffixes.
/// Upper case is rejected rather than lowered: Key Vault secret names and configuration keys are both
/// case-insensitive, so "Main" and "main" would be two spellings of one vault secret.
/// </remarks>
internal static class AccountNames
{
    public const int MaxLength = 40;
    public const string Prefix = "bitget-";
    public const string ApiKeySuffix = "api-key";
    public const string ApiSecretSuffix = "api-secret";
    public const string PassphraseSuffix = "passphrase";
    public const string DemoSuffix = "demo";

    public static IReadOnlyList<string> Suffixes { get; } = [ApiKeySuffix, ApiSecretSuffix, PassphraseSuffix, DemoSuffix];

    public const string Rule =
        "an account name is 1-40 characters of lower-case letters (a-z), digits and single dashes, starts with a letter and does not end with a dash";

    /// <summary>Null when <paramref name="account"/> is valid, otherwise why not (without the rule text).</summary>
    public static string? Check(string? account)
    {
        if (string.IsNullOrEmpty(account))
        {
            return "it is empty";
        }

        if (account.Length > MaxLength)
        {
            return $"it is {account.Length} characters long";
        }

        if (account[0] is < 'a' or > 'z')
        {
            return account[0] is >= 'A' and <= 'Z' ? UpperCase : "it does not start with a lower-case letter";
        }

        for (var i = 0; i < account.Length; i++)
        {
            var c = account[i];
            if (c is >= 'A' and <= 'Z')
            {
                return UpperCase;
            }

            if (c == '-')
            {
                if (i == account.Length - 1)
                {
                    return "it ends with a dash";
                }

                if (account[i + 1] == '-')
                {
                    return "it has two dashes in a row";
                }
            }
            else if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9')))
            {
                return "it has a character other than a-z, 0-9 and '-'";
            }
        }

        return null;
    }

    public static bool IsValid(string? account) => Check(account) is null;

    /// <summary>Throws <see cref="CredentialsException"/> (InvalidAccountName) naming the account and the rule.</summary>
    public static void Validate(string? account)
    {
        var problem = Check(account);
        if (problem is not null)
        {
            throw new CredentialsException(
                CredentialsErrorKind.InvalidAccountName,
                account,
                null,
                $"Invalid account name '{Printable(account)}': {problem}; {Rule}.");
        }
    }

    public static AccountSecretNames SecretNamesFor(string account)
    {
        Validate(account);
        return new AccountSecretNames(
            account,
            SecretName(account, ApiKeySuffix),
            SecretName(account, ApiSecretSuffix),
            SecretName(account, PassphraseSuffix),
            SecretName(account, DemoSuffix));
    }

    private static string SecretName(string account, string suffix) => string.Concat(Prefix, account, "-", suffix);

    private const string UpperCase =
        "it has upper-case letters, which are not lowered for you: Key Vault names and configuration keys ignore case, so 'Main' and 'main' would be one secret";

    /// <summary>Account names come from callers and config, not from secrets; still, keep logs and messages one line and short.</summary>
    internal static string Printable(string? account)
    {
        if (account is null)
        {
            return "(null)";
        }

        var clipped = account.Length <= 60 ? account : account[..60] + "…";
        return new string(clipped.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
