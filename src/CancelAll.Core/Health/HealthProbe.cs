using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Health;

[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    Healthy,
    Skipped,
    Unhealthy,
}

/// <summary>One check: what was checked, how it went and how long it took. Details never carry a secret.</summary>
public sealed record HealthCheck(string Name, HealthStatus Status, double DurationMs, string Detail);

public sealed record HealthReport(HealthStatus Status, DateTimeOffset CheckedAt, IReadOnlyList<HealthCheck> Checks)
{
    /// <summary>200 when every check passed or was skipped, 503 otherwise, so that a probe can alert on it.</summary>
    public int HttpStatus => Status == HealthStatus.Unhealthy ? 503 : 200;

    public string ToJson() => JsonSerializer.Serialize(this, HealthJsonContext.Default.HealthReport);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;

/// <summary>
/// What GET /api/health answers: the configuration loads and validates, the vault answers for the default account's
/// key (metadata only: no secret value is read), and the exchange's clock is reachable.
/// </summary>
public sealed class HealthProbe(IServiceProvider services, BitgetClient client, TimeProvider timeProvider)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new List<HealthCheck>
        {
            Timed("configuration", () => CheckConfiguration()),
            await TimedAsync("vault", CheckVaultAsync, cancellationToken).ConfigureAwait(false),
            await TimedAsync("exchange", CheckExchangeAsync, cancellationToken).ConfigureAwait(false),
        };
        var status = checks.Any(c => c.Status == HealthStatus.Unhealthy) ? HealthStatus.Unhealthy : HealthStatus.Healthy;
        return new HealthReport(status, timeProvider.GetUtcNow(), checks);
    }

    private (HealthStatus, string) CheckConfiguration()
    {
        var failures = new List<string>();
        void Validate<T>()
            where T : class
        {
            try
            {
                _ = services.GetService<IOptions<T>>()?.Value;
            }
            catch (OptionsValidationException e)
            {
                // Validation messages name settings and rules, never their values.
                failures.AddRange(e.Failures);
            }
        }

        Validate<ExchangeOptions>();
        Validate<CredentialsOptions>();
        Validate<InputOptions>();
        Validate<WebhookOptions>();
        Validate<QueueOptions>();
        Validate<ScheduleOptions>();
        Validate<FlattenOptions>();
        Validate<ReplyOptions>();
        return failures.Count == 0 ? (HealthStatus.Healthy, "all settings valid") : (HealthStatus.Unhealthy, string.Join(" ", failures));
    }

    private async Task<(HealthStatus, string)> CheckVaultAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<SecretClient>() is not { } secrets)
        {
            return (HealthStatus.Skipped, "no vault configured: accounts come from configuration");
        }

        var account = services.GetService<IOptions<WebhookOptions>>()?.Value.DefaultAccount ?? "main";
        var name = AccountNames.SecretNamesFor(account).ApiKey;
        try
        {
            // Lists the secret's versions: proves the identity can reach and read the vault without fetching a value.
            await foreach (var _ in secrets.GetPropertiesOfSecretVersionsAsync(name, cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }

            return (HealthStatus.Healthy, $"secret {name} readable in {secrets.VaultUri.Host}");
        }
        catch (RequestFailedException e)
        {
            return (HealthStatus.Unhealthy, e.Status == 403
                ? $"HTTP 403 on {name} in {secrets.VaultUri.Host}: grant the function's identity the Key Vault Secrets User role on the vault"
                : $"HTTP {e.Status} ({e.ErrorCode}) on {name} in {secrets.VaultUri.Host}");
        }
    }

    private async Task<(HealthStatus, string)> CheckExchangeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.SyncClockAsync(cancellationToken).ConfigureAwait(false);
            return (HealthStatus.Healthy, "server time read");
        }
        catch (Exception e) when (e is HttpRequestException or ExchangeException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            return (HealthStatus.Unhealthy, $"server time not reachable ({e.GetType().Name})");
        }
    }

    private static HealthCheck Timed(string name, Func<(HealthStatus Status, string Detail)> check)
    {
        var started = Stopwatch.GetTimestamp();
        var (status, detail) = check();
        return new HealthCheck(name, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, detail);
    }

    private static async Task<HealthCheck> TimedAsync(string name, Func<CancellationToken, Task<(HealthStatus Status, string Detail)>> check, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (status, detail) = await check(cancellationToken).ConfigureAwait(false);
        return new HealthCheck(name, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, detail);
    }
}
