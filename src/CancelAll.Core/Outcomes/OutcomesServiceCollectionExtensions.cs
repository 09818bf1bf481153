using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Outcomes;

public static class OutcomesServiceCollectionExtensions
{
    /// <summary>Registers the workflow. Needs the exchange (AddBitgetExchange) and a credentials provider.</summary>
    public static IServiceCollection AddCancelAllWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<CancelAllWorkflow>();
        services.TryAddTransient<FlattenSteps>();
        services.AddOptions<FlattenOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlattenOptions>, FlattenOptionsValidator>());
        // Bound from CancelAll:Flatten when the host registers its configuration (the Functions host does; the CLI binds it itself).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<FlattenOptions>, FlattenOptionsFromConfiguration>());
        return services;
    }
}

internal sealed class FlattenOptionsFromConfiguration(IServiceProvider services) : IConfigureOptions<FlattenOptions>
{
    public void Configure(FlattenOptions options)
    {
        if (services.GetService(typeof(IConfiguration)) is IConfiguration configuration)
        {
            configuration.GetSection(FlattenOptions.Section).Bind(options);
        }
    }
}
