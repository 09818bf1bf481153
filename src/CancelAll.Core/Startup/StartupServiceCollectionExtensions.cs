using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Startup;

public static class StartupServiceCollectionExtensions
{
    /// <summary>The process's start-up JIT profile (started in Main), logged once and written after the warm-up. Add it after the warm-up.</summary>
    public static IServiceCollection AddStartupJitProfile(this IServiceCollection services, StartupJitProfile profile)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(profile);
        return services.AddSingleton(profile).AddHostedService<StartupJitProfileService>();
    }
}
