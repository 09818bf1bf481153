using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Outcomes;

public static class OutcomesServiceCollectionExtensions
{
    /// <summary>Registers the workflow and its flatten settings (<c>CancelAll:Flatten</c>). Needs the exchange (AddBitgetExchange) and a credentials provider.</summary>
    public static IServiceCollection AddCancelAllWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Identical requests share calls spaced by the key's request interval (100 ms at 10 requests/s).
        services.TryAddSingleton(sp => new CallCoalescer<CoalescingKey, Exchange.CancelAllResult>(
            TimeSpan.FromSeconds(1.0 / sp.GetRequiredService<IOptions<Exchange.ExchangeOptions>>().Value.RequestsPerSecond),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddTransient<CancelAllWorkflow>();
        services.TryAddTransient<FlattenSteps>();
        services.AddOptions<FlattenOptions>().Bind(configuration.GetSection(FlattenOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlattenOptions>, FlattenOptionsValidator>());
        return services;
    }
}
