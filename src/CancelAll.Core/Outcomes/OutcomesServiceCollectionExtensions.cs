using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Outcomes;

public static class OutcomesServiceCollectionExtensions
{
    /// <summary>Registers the workflow. Needs the exchange (AddBitgetExchange) and a credentials provider.</summary>
    public static IServiceCollection AddCancelAllWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Identical requests share calls spaced by the key's request interval (100 ms at 10 requests/s).
        services.TryAddSingleton(sp => new CallCoalescer<CoalescingKey, Exchange.CancelAllResult>(
            TimeSpan.FromSeconds(1.0 / sp.GetRequiredService<IOptions<Exchange.ExchangeOptions>>().Value.RequestsPerSecond),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddTransient<CancelAllWorkflow>();
        return services;
    }
}
