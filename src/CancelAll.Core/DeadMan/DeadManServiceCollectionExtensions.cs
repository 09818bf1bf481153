using Azure.Core;
using CancelAll.Core.Input;
using CancelAll.Core.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.DeadMan;

public static class DeadManServiceCollectionExtensions
{
    /// <summary>
    /// Registers the heartbeat and lapse handlers, the table store and the exchange countdown. Settings come from
    /// <c>CancelAll:DeadMan</c> and are validated at start-up. The table is reached with the app's registered
    /// <see cref="TokenCredential"/> and <c>TableEndpoint</c> in Azure, or with <c>TableConnectionString</c> (Azurite).
    /// Needs the exchange, credentials, workflow and inputs registered as well.
    /// </summary>
    public static IServiceCollection AddCancelAllDeadMan(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DeadManOptions>().BindNamingSettings(configuration.GetSection(DeadManOptions.Section), static (section, options) => section.Bind(options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeadManOptions>, DeadManOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        AppTable.AddTableHttpClient(services);
        services.TryAddSingleton(sp => new HeartbeatStore(
            () => CreateTable(sp),
            createTable: !string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<DeadManOptions>>().Value.TableConnectionString)));
        services.TryAddSingleton<IExchangeCountdown, BitgetCountdown>();
        services.TryAddTransient<HeartbeatHandler>();
        services.TryAddTransient<LapseHandler>();
        return services;
    }

    private static TableRestClient CreateTable(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DeadManOptions>>().Value;
        return AppTable.Create(services, DeadManOptions.Section, options.TableConnectionString, options.TableEndpoint, options.TableName);
    }
}
