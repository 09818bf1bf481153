using CancelAll.Core.Input;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill.Steps;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill;

public static class KillServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workflow, the kill pipeline and its steps, the classic (V2) and unified (V3) API families, and the flatten settings
    /// (<c>CancelAll:Flatten</c>). Needs the exchange (AddBitgetExchange) and a credentials provider.
    /// A further API family is one more <see cref="IAccountApi"/> registration.
    /// </summary>
    public static IServiceCollection AddCancelAllWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Identical requests share runs spaced by the key's request interval (100 ms at 10 requests/s).
        services.TryAddSingleton(sp => new CallCoalescer<KillKey, TargetOutcome>(
            TimeSpan.FromSeconds(1.0 / sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.RequestsPerSecond),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAccountApi, ClassicAccountApi>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IAccountApi, UnifiedAccountApi>());
        services.TryAddSingleton<AccountModeCache>();
        services.TryAddSingleton<KillArrivals>();
        services.TryAddTransient<AccountApis>();
        services.TryAddTransient<CancelOrdersStep>();
        services.TryAddTransient<CancelEntryOrdersStep>();
        services.TryAddTransient<ClosePositionsStep>();
        services.TryAddTransient<CancelLeftoverOrdersStep>();
        services.TryAddTransient<VerifyStep>();
        services.TryAddTransient<PreviewStep>();
        services.TryAddTransient<ScopeSteps>();
        services.TryAddTransient<KillPipeline>();
        services.TryAddTransient<CancelAllWorkflow>();
        services.AddOptions<FlattenOptions>().BindNamingSettings(configuration.GetSection(FlattenOptions.Section), static (section, options) => section.Bind(options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlattenOptions>, FlattenOptionsValidator>());
        return services;
    }
}
