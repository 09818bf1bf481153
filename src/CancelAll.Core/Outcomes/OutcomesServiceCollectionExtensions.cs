using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CancelAll.Core.Outcomes;

public static class OutcomesServiceCollectionExtensions
{
    /// <summary>Registers the workflow. Needs the exchange (AddBitgetExchange) and a credentials provider.</summary>
    public static IServiceCollection AddCancelAllWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallCoalescer<CoalescingKey, Exchange.CancelAllResult>>();
        services.TryAddTransient<CancelAllWorkflow>();
        return services;
    }
}
