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
    /// <summary>
    /// The named HttpClient every table store sends through: whole call bounded, 3 retries from 200 ms (at most 2 s
    /// apart; 408, 429, 5xx and network failures), 10 s per attempt, then each attempt dated and signed. The same bounds
    /// the Azure SDK client had here.
    /// </summary>
    public static void AddTableHttpClient(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TableAuthorizationHandler)))
        {
            return;
        }

        services.TryAddTransient<TableAuthorizationHandler>();
        var client = services.AddHttpClient(TableRestClient.HttpClientName);
        client.AddResilienceHandler("tables", pipeline => pipeline
                .AddTimeout(TimeSpan.FromSeconds(45))
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = TimeSpan.FromSeconds(2),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(TimeSpan.FromSeconds(10)));
        client.AddHttpMessageHandler<TableAuthorizationHandler>(); // inside the retries: each attempt is dated and signed
    }

    public static TableRestClient Create(IServiceProvider services, string section, string? connectionString, Uri? endpoint, string tableName)
    {
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(TableRestClient.HttpClientName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var account = TableAccount.FromConnectionString(connectionString, $"{section}:TableConnectionString");
            return new TableRestClient(http, account, new SharedKeyLiteAuthorization(account.Name!, account.Key!), tableName, section);
        }

        var knownEndpoint = endpoint
            ?? throw new InvalidOperationException($"Set {section}:TableEndpoint (Azure) or {section}:TableConnectionString (Azurite).");
        var credential = services.GetService<TokenCredential>()
            ?? throw new InvalidOperationException($"{section}:TableEndpoint is set, but no Azure.Core.TokenCredential is registered: the table is reached with the app's managed identity (AddCancelAllCredentials registers it with a vault).");
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return new TableRestClient(http, TableAccount.FromEndpoint(knownEndpoint), new BearerTokenAuthorization(credential, clock), tableName, section);
    }
}
