using CancelAll.Core.Credentials;

namespace CancelAll.Core.Tests.Credentials;

public sealed class AccountNamesTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("hedge-sub1")]
    [InlineData("a")]
    [InlineData("a1-b2-c3")]
    [InlineData("main-api")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd")] // 40
    public void Valid_names_map_to_the_documented_secret_names(string account)
    {
        var names = AccountNames.SecretNamesFor(account);

        Assert.Equal($"bitget-{account}-api-key", names.ApiKey);
        Assert.Equal($"bitget-{account}-api-secret", names.ApiSecret);
        Assert.Equal($"bitget-{account}-passphrase", names.Passphrase);
        Assert.Equal($"bitget-{account}-demo", names.Demo);
        Assert.All(names.All, n => Assert.Matches("^[a-zA-Z][a-zA-Z0-9-]{0,126}$", n)); // Key Vault's own rule
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("Main", "upper-case")]
    [InlineData("mAIN", "upper-case")]
    [InlineData("1main", "start with a lower-case letter")]
    [InlineData("-main", "start with a lower-case letter")]
    [InlineData("main-", "ends with a dash")]
    [InlineData("ma--in", "two dashes")]
    [InlineData("ma_in", "other than a-z")]
    [InlineData("ma in", "other than a-z")]
    [InlineData("main.x", "other than a-z")]
    [InlineData("mäin", "other than a-z")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcde", "41 characters")]
    public void Invalid_names_are_rejected_with_the_account_and_the_rule(string? account, string why)
    {
        var ex = Assert.Throws<CredentialsException>(() => AccountNames.SecretNamesFor(account!));

        Assert.Equal(CredentialsErrorKind.InvalidAccountName, ex.Kind);
        Assert.Equal(account, ex.Account);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        Assert.Contains(AccountNames.Rule, ex.Message, StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(account))
        {
            Assert.Contains($"'{account}'", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Upper_case_is_rejected_not_lowered_and_the_message_says_why()
    {
        var ex = Assert.Throws<CredentialsException>(() => AccountNames.Validate("Main"));

        Assert.Contains("'Main' and 'main' would be one secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_suffix_ends_with_a_dash_and_another_suffix_so_no_two_accounts_share_a_secret()
    {
        foreach (var a in AccountNames.Suffixes)
        {
            foreach (var b in AccountNames.Suffixes.Where(b => b != a))
            {
                // Were it so, account "x-{a minus -b}" with suffix b would equal account "x" with suffix a.
                Assert.False(a.EndsWith("-" + b, StringComparison.Ordinal), $"suffix '{a}' ends with '-{b}'");
            }
        }
    }

    [Fact]
    public void Every_account_built_from_suffix_fragments_gets_its_own_secret_names()
    {
        string[] parts = ["a", "api", "key", "secret", "pass", "passphrase", "demo", "x1"];
        var accounts = new List<string>(parts);
        accounts.AddRange(from p in parts from q in parts select $"{p}-{q}");
        accounts.AddRange(from p in parts from q in parts from r in parts select $"{p}-{q}-{r}");
        var owner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // Key Vault names ignore case

        foreach (var account in accounts.Where(AccountNames.IsValid))
        {
            foreach (var name in AccountNames.SecretNamesFor(account).All)
            {
                Assert.True(owner.TryAdd(name, account), $"'{name}' belongs to both '{owner.GetValueOrDefault(name)}' and '{account}'");
            }
        }

        Assert.True(owner.Count > 2000);
    }
}
