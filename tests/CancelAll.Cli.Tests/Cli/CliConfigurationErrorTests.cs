using System.Security.Cryptography;
using CancelAll.Cli;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;

namespace CancelAll.Cli.Tests;

/// <summary>A configuration error (a corrupt key, a setting out of range) ends the CLI with its configuration exit code, naming the setting.</summary>
public sealed class CliConfigurationErrorTests
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
