using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tables;

/// <summary>
/// The client of the app's own table, as each feature's settings name it: <c>TableConnectionString</c> (Azurite), or
/// <c>TableEndpoint</c> with the app's registered <see cref="TokenCredential"/> (its managed identity in Azure).
/// </summary>
internal static class AppTable
{
    public static TableClient Create(IServiceProvider services, string section, string? connectionString, Uri? endpoint, string tableName, Action<TableClientOptions>? configure)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 3;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        configure?.Invoke(clientOptions);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new TableClient(connectionString, tableName, clientOptions);
        }

        var knownEndpoint = endpoint
            ?? throw new InvalidOperationException($"Set {section}:TableEndpoint (Azure) or {section}:TableConnectionString (Azurite).");
        var credential = services.GetService<TokenCredential>()
            ?? throw new InvalidOperationException($"{section}:TableEndpoint is set, but no Azure.Core.TokenCredential is registered: the table is reached with the app's managed identity (AddCancelAllCredentials registers it with a vault).");
        return new TableServiceClient(knownEndpoint, credential, clientOptions).GetTableClient(tableName);
    }
}
