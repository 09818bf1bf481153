using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CancelAll.Core.Health;

internal static class HealthServiceCollectionExtensions
{
    /// <summary>The tag of the app's checks, so that GET /api/health runs only these.</summary>
    public const string Tag = "cancel-all";

    /// <summary>Data key of a check that did not apply (e.g. no vault configured): reported as Skipped.</summary>
    public const string SkippedKey = "skipped";

    /// <summary>How long one check may take; a probe's caller should not wait for the exchange's full retry budget.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The checks, in the order the report lists them.</summary>
    public static IReadOnlyList<string> CheckNames { get; } = ["configuration", "vault", "exchange", "accounts"];

    /// <summary>Registers the health checks (configuration, vault, exchange clock, each configured account's mode) and <see cref="HealthProbe"/>.</summary>
    public static IServiceCollection AddCancelAllHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(HealthProbe)))
        {
            return services;
        }

        services.AddHealthChecks()
            .AddCheck<ConfigurationHealthCheck>(CheckNames[0], tags: [Tag], timeout: CheckTimeout)
            .AddCheck<VaultHealthCheck>(CheckNames[1], tags: [Tag], timeout: CheckTimeout)
            .AddCheck<ExchangeClockHealthCheck>(CheckNames[2], tags: [Tag], timeout: CheckTimeout)
            .AddCheck<AccountModesHealthCheck>(CheckNames[3], tags: [Tag], timeout: CheckTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<HealthProbe>();
        return services;
    }
}
