using System.Security.Cryptography;
using CancelAll.Cli;
using CancelAll.Core.Credentials;
using CancelAll.Core.Input;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>Configuration errors name the setting and its environment variable, and the CLI exits with its configuration code.</summary>
public sealed class ConfigurationErrorTests
{
    private static readonly string ValidPem = CreatePem();

    private static string CreatePem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    public static TheoryData<string, string> CorruptKeys
    {
        get
        {
            var lines = ValidPem.Split('\n');
            return new()
            {
                { "truncated", string.Join('\n', lines.Take(4).Concat(lines.TakeLast(2))) },
                { "broken base64", "-----BEGIN PRIVATE KEY-----\nnot*base64*at*all\n-----END PRIVATE KEY-----\n" },
                { "garbage content", "-----BEGIN PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n" },
                { "a public key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(CorruptKeys))]
    public async Task A_corrupt_rsa_key_is_a_configuration_error_with_the_cli_configuration_exit_code(string what, string pem)
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount("bg_cli_rsa_key_01", "unused-hmac-secret-000", "cli-rsa-pass"));
        exchange.AddOrders("bg_cli_rsa_key_01", "USDT-FUTURES", "USDT", 2);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["BITGET_API_KEY"] = "bg_cli_rsa_key_01",
            ["BITGET_API_SECRET"] = pem,
            ["BITGET_API_PASSPHRASE"] = "cli-rsa-pass",
        };

        var exit = await new CliApp(output, error, environment, new StringReader(string.Empty)).InvokeAsync(["-p", "USDT-FUTURES", "--base-url", exchange.BaseUri.ToString()]);

        var text = output + "\n" + error;
        Assert.True(ExitCodes.BadInput == exit, $"{what}: exit {exit}: {text}");
        Assert.Contains("InvalidSecretValue", text, StringComparison.Ordinal);
        Assert.Contains("CancelAll__Accounts__main__ApiSecret", text, StringComparison.Ordinal);
        Assert.Contains("BITGET_API_SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain(exchange.Received, r => r.Method == "POST");
        Assert.Equal(2, exchange.Book("bg_cli_rsa_key_01").OpenOrders.Count);
        SecretScan.AssertNoSecret([pem, "cli-rsa-pass"], [text], "CLI output");
    }

    [Fact]
    public async Task A_corrupt_rsa_key_in_key_vault_names_the_secret_and_not_its_content()
    {
        await using var h = await CredentialsHarness.StartVaultAsync();
        var truncated = string.Join('\n', ValidPem.Split('\n').SkipLast(5));
        h.Vault!.SetAccount("main", "bg_vault_rsa_key_01", truncated, "vault-rsa-pass");

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => h.Provider.GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(CredentialsErrorKind.InvalidSecretValue, ex.Kind);
        Assert.Equal("bitget-main-api-secret", ex.SecretName);
        Assert.Contains("Key Vault secret 'bitget-main-api-secret'", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
        SecretScan.AssertNoSecret([truncated], [ex.ToString()], "exception");
    }

    [Fact]
    public void A_valid_rsa_key_and_an_hmac_secret_pass_the_check()
    {
        KeyMaterial.CheckSecret("main", "s", "test", ValidPem);
        KeyMaterial.CheckSecret("main", "s", "test", "hmac-secret-9f8e7d6c5b4a39281706");
    }

    [Theory]
    [InlineData("CancelAll:Webhook:MaxBodyBytes", "10", "CancelAll__Webhook__MaxBodyBytes")]
    [InlineData("CancelAll:Webhook:RetryAfter", "01:00:00", "CancelAll__Webhook__RetryAfter")]
    [InlineData("CancelAll:Queue:MaxDeliveryCount", "0", "CancelAll__Queue__MaxDeliveryCount")]
    [InlineData("CancelAll:KeyVault:CacheTtl", "00:00:00", "CancelAll__KeyVault__CacheTtl")]
    [InlineData("CancelAll:KeyVault:NotFoundCacheTtl", "01:00:00", "CancelAll__KeyVault__NotFoundCacheTtl")]
    [InlineData("CancelAll:KeyVault:RetryMaxRetries", "9", "CancelAll__KeyVault__RetryMaxRetries")]
    public void A_range_error_names_the_setting_and_its_environment_variable(string key, string value, string environmentVariable)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:Webhook:Secrets"] = ExchangeHarness.WebhookSecret,
            [key] = value,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddCancelAllCredentials(configuration).AddCancelAllInputs(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains(environmentVariable, StringComparison.Ordinal) && f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cli_exits_with_its_configuration_code_naming_the_environment_variable_of_a_bad_setting()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string?>
        {
            ["BITGET_API_KEY"] = "bg_cli_key_000001",
            ["BITGET_API_SECRET"] = "cli-secret-5d1c0a7e93b2f4e8",
            ["BITGET_API_PASSPHRASE"] = "cli-pass-phrase-42",
            ["CancelAll__KeyVault__CacheTtl"] = "00:00:00",
        };

        var exit = await new CliApp(output, error, environment, new StringReader(string.Empty)).InvokeAsync(["-p", "USDT-FUTURES", "--base-url", "http://127.0.0.1:9/"]);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("CancelAll__KeyVault__CacheTtl", error.ToString(), StringComparison.Ordinal);
    }
}
