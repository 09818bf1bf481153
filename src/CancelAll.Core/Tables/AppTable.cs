using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace CancelAll.Core.Tables;

/// <summary>
/// The client of the app's own table, as each feature's settings name it: <c>TableConnectionString</c> (Azurite, Shared
/// Key), or <c>TableEndpoint</c> with the app's registered <see cref="TokenCredential"/> (its managed identity in Azure).
/// </summary>
internal static class AppTable
{
    public const int Retries = 3;

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    // Above the worst case of the retries it bounds, so it never cuts the last attempt short: 4 attempts x 10 s plus at
    // most 3 backoffs of 2 s = 46 s; the rest is headroom for the signing and a token refresh.
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(55);

    /// <summary>
    /// The named HttpClient every table store sends through: whole call bounded, 3 retries from 200 ms (at most 2 s
    /// apart; 408, 429, 5xx and network failures), 10 s per attempt, then each attempt dated and signed.
    /// </summary>
    public static void AddTableHttpClient(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TableAuthorizationHandler)))
        {
            return;
        }

        services.TryAddTransient<TableAuthorizationHandler>();

        // One token cache for every table of the app: the hold and dead-man tables share the storage scope, so one
        // token serves both (and the container disposes it).
        services.TryAddSingleton(sp => new BearerTokenAuthorization(sp.GetRequiredService<TokenCredential>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        var client = services.AddHttpClient(TableRestClient.HttpClientName);
        client.AddResilienceHandler("tables", pipeline => pipeline
                .AddTimeout(TotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Retries,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = MaxBackoff,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(AttemptTimeout));
        client.AddHttpMessageHandler<TableAuthorizationHandler>(); // inside the retries: each attempt is dated and signed
    }

    public static TableRestClient Create(IServiceProvider services, string section, string? connectionString, Uri? endpoint, string tableName)
    {
        var httpClients = services.GetRequiredService<IHttpClientFactory>();
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var account = TableAccount.FromConnectionString(connectionString, $"{section}:TableConnectionString");
            return new TableRestClient(httpClients, account, new SharedKeyLiteAuthorization(account.Name!, account.Key!), tableName, section);
        }

        var knownEndpoint = endpoint
            ?? throw new TableSettingsException($"Set {section}:TableEndpoint (Azure) or {section}:TableConnectionString (Azurite).");
        _ = services.GetService<TokenCredential>()
            ?? throw new TableSettingsException($"{section}:TableEndpoint is set, but no Azure.Core.TokenCredential is registered: the table is reached with the app's managed identity (AddCancelAllCredentials registers it with a vault).");
        return new TableRestClient(httpClients, TableAccount.FromEndpoint(knownEndpoint), services.GetRequiredService<BearerTokenAuthorization>(), tableName, section);
    }
}
