using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Cli;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Faults;

/// <summary>
/// The fault matrix through the break-glass CLI, in process with --json: keys from the environment, or from the fake
/// vault with --vault (the test's identity and transport put in place of the operator's Azure login). The CLI sends no
/// reply, so the reply queue's faults are not its.
/// </summary>
public class CliFaultTests
{
    public static TheoryData<string> Cases => FaultCase.For(sendsReplies: false);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_fault_gets_its_exit_code_and_document(string name)
    {
        var fault = FaultCase.Named(name);
        await using var rig = await FaultRig.StartAsync(fault);
        var environment = FaultRig.Settings(rig.Vault?.VaultUri)
            .Where(s => s.Value is not null && s.Key != CredentialsOptions.VaultUriKey)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        // The account's mode is not set: the CLI reads it first, and the matrix's faults, aimed at the cancel request
        // (FaultRig.CancelRequest), pass that read by.
        List<string> args = ["-p", "USDT-FUTURES", "--base-url", rig.Exchange.BaseUri.ToString(), "--json"];
        Action<IServiceCollection>? useTestVault = null;
        if (rig.Vault is { } vault)
        {
            args.AddRange(["--vault", vault.VaultUri.ToString()]);
            useTestVault = services =>
            {
                services.AddSingleton<TokenCredential>(new Credentials.FakeTokenCredential());
                services.AddSingleton(sp =>
                {
                    var settings = sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.KeyVault;
                    return new SecretClient(settings.ParsedVaultUri!, sp.GetRequiredService<TokenCredential>(), CredentialsServiceCollectionExtensions.CreateSecretClientOptions(settings, vault.ConfigureClient));
                });
            };
        }
        else
        {
            environment["BITGET_API_KEY"] = rig.Credentials.ApiKey;
            environment["BITGET_API_SECRET"] = rig.Credentials.Secret;
            environment["BITGET_API_PASSPHRASE"] = rig.Credentials.Passphrase;
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new CliApp(output, error, environment, new StringReader(string.Empty)) { ConfigureServices = useTestVault };

        var exit = await cli.InvokeAsync([.. args]);

        Assert.True(fault.Expected.ExitCode == exit, $"exit {exit}, expected {fault.Expected.ExitCode}; stderr: {error}");
        FaultAssert.Document(output.ToString(), fault, "cli");
        FaultAssert.Exchange(rig, fault);
        if (fault.Place == FaultPlace.Exchange)
        {
            // The CLI read the account's mode first (answered as for a classic account), and the fault passed that read by.
            var first = rig.Harness.SignedRequests[0];
            Assert.Equal((BitgetEndpoints.V3AccountSettings, "40084"), (first.Path, first.Code));
        }

        SecretScan.AssertNoSecrets([output.ToString(), error.ToString()], rig.Credentials.Secret, rig.Credentials.Passphrase);
    }
}
