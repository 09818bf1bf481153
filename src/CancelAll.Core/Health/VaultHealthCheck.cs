using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.Credentials;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Health;

/// <summary>
/// The vault answers for the default account's key, by metadata only (no secret value is read). Skipped when the
/// keys come from configuration. Every failure, whatever the SDK throws, becomes Unhealthy with a reason and a fix.
/// </summary>
internal sealed class VaultHealthCheck(IServiceProvider services) : IHealthCheck
{
    private static readonly Dictionary<string, object> Skipped = new(StringComparer.Ordinal) { [HealthServiceCollectionExtensions.SkippedKey] = true };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<SecretClient>() is not { } secrets)
        {
            return HealthCheckResult.Healthy("no vault configured: accounts come from configuration", Skipped);
        }

        var account = services.GetService<IOptions<WebhookOptions>>()?.Value.DefaultAccount ?? "main";
        var name = AccountNames.SecretNamesFor(account).ApiKey;
        var host = secrets.VaultUri.Host;
        try
        {
            // Lists the secret's versions: proves the identity can reach and read the vault without fetching a value.
            await foreach (var _ in secrets.GetPropertiesOfSecretVersionsAsync(name, cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }

            return HealthCheckResult.Healthy($"secret {name} readable in {host}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(Describe(e, name, host));
        }
    }

    private static string Describe(Exception e, string name, string host) => e switch
    {
        RequestFailedException { Status: 403 } =>
            $"HTTP 403 on {name} in {host}: grant the function's identity the Key Vault Secrets User role on the vault",
        RequestFailedException { Status: > 0 } r =>
            $"HTTP {r.Status}{(r.ErrorCode is { } code ? $" ({code})" : string.Empty)} on {name} in {host}",
        AuthenticationFailedException or CredentialUnavailableException =>
            $"the app's identity got no token for {host} ({e.GetType().Name}): locally sign in with az login; in Azure check CancelAll:ManagedIdentityClientId",
        _ =>
            $"{host} not reachable ({e.GetType().Name}, after the SDK's retries): check CancelAll:KeyVault:VaultUri and the network",
    };
}
