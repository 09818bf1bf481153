using Azure.Core;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Tests.Loopback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>Dead-man's switch settings are checked at start-up; every problem names the setting and the fix.</summary>
public sealed class DeadManOptionsTests
{
    private const string Main = """[{"account":"main"}]""";
    private const string Secret = "main:0123456789abcdef0123";

    // The app's managed identity, as AddCancelAllCredentials registers it; a fake one suffices to validate.
    private static readonly ServiceProvider WithCredential = new ServiceCollection().AddSingleton<TokenCredential>(new FakeTokenCredential("test-token")).BuildServiceProvider();

    private static ValidateOptionsResult Validate(string accounts, string secrets = Secret, string? connection = "UseDevelopmentStorage=true", string? endpoint = null, string table = "heartbeats") =>
        new DeadManOptionsValidator(WithCredential).Validate(null, new DeadManOptions
        {
            Accounts = accounts,
            Secrets = secrets.Split(','),
            TableConnectionString = connection,
            TableEndpoint = endpoint is null ? null : new Uri(endpoint),
            TableName = table,
        });

    [Fact]
    public void An_empty_account_list_switches_it_off_and_needs_nothing_else()
    {
        var result = Validate("[]", secrets: "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/heartbeat-secrets/)", connection: null);
        Assert.True(result.Succeeded);
        Assert.False(new DeadManOptions { Accounts = "[]" }.Enabled);
    }

    [Fact]
    public void A_complete_setting_passes()
    {
        Assert.True(Validate(Main).Succeeded);
        Assert.True(Validate(Main, connection: null, endpoint: "https://st.table.core.windows.net/").Succeeded);
    }

    [Theory]
    [InlineData("""[{"account":"main"},{"account":"main"}]""", Secret, "names account 'main' more than once")]
    [InlineData("""{"account":"main"}""", Secret, "must be a JSON array")]
    [InlineData("""[{"account":"main","productTypes":["BTC-FUTURES"]}]""", Secret, "account 'main', field productType")]
    [InlineData("""[{"account":"main","exchangeCountdown":"yes"}]""", Secret, "account 'main', field exchangeCountdown: must be true or false")]
    [InlineData("""[{"account":"Main"}]""", Secret, "CancelAll:DeadMan:Accounts: account 'Main' is not a valid account name")]
    [InlineData(Main, "hedge:0123456789abcdef0123", "has no secret for account 'main'")]
    [InlineData(Main, "main:short", "shorter than 16 characters")]
    [InlineData(Main, "0123456789abcdef0123", "must be account:secret pairs")]
    public void Bad_accounts_or_secrets_are_named(string accounts, string secrets, string message)
    {
        var result = Validate(accounts, secrets);
        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "Set exactly one of CancelAll:DeadMan:TableEndpoint")]
    [InlineData("UseDevelopmentStorage=true", "https://st.table.core.windows.net/", "Set exactly one of CancelAll:DeadMan:TableEndpoint")]
    [InlineData(null, "http://st.table.core.windows.net/", "must be an absolute https address")]
    public void The_table_is_named_exactly_once_and_over_https(string? connection, string? endpoint, string message)
    {
        var result = Validate(Main, connection: connection, endpoint: endpoint);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_table_name_is_named()
    {
        Assert.Contains("'heart-beats' is not a table name", Validate(Main, table: "heart-beats").FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_per_account()
    {
        var options = new DeadManOptions { Secrets = ["main:aaaaaaaaaaaaaaaa1", " hedge:bbbbbbbbbbbbbbbb2 ", "main:cccccccccccccccc3"] };
        Assert.Equal(["aaaaaaaaaaaaaaaa1", "cccccccccccccccc3"], options.SecretsOf("main"));
        Assert.Equal(["bbbbbbbbbbbbbbbb2"], options.SecretsOf("hedge"));
        Assert.Empty(options.SecretsOf("other"));
    }

    [Fact]
    public void With_an_endpoint_and_no_token_credential_start_up_says_what_to_register()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:DeadMan:Accounts"] = Main,
            ["CancelAll:DeadMan:Secrets"] = Secret,
            ["CancelAll:DeadMan:TableEndpoint"] = "https://st.table.core.windows.net/",
        }).Build();
        using var provider = new ServiceCollection().AddCancelAllDeadMan(configuration).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DeadManOptions>>().Value);
        Assert.Contains("no Azure.Core.TokenCredential is registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_switch_off_no_table_setting_is_needed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        using var provider = new ServiceCollection().AddCancelAllDeadMan(configuration).BuildServiceProvider();
        Assert.False(provider.GetRequiredService<IOptions<DeadManOptions>>().Value.Enabled);
        Assert.NotNull(provider.GetRequiredService<HeartbeatStore>()); // made without a table client
    }
}
