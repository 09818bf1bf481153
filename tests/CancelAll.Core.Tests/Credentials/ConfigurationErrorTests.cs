using System.Security.Cryptography;
using CancelAll.Core.Credentials;
using CancelAll.Core.Input;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>Configuration errors name the setting and its environment variable (the CLI's exit code for them: CancelAll.Cli.Tests).</summary>
public sealed class ConfigurationErrorTests
{
    private static readonly string ValidPem = CreatePem();

    private static string CreatePem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
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
}
