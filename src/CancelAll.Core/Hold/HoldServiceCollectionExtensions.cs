using Azure.Core;
using CancelAll.Core.Input;
using CancelAll.Core.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Hold;

public static class HoldServiceCollectionExtensions
{
    /// <summary>
    /// Registers the hold flat: <see cref="HoldLatch"/>, its table store and its Service Bus scheduler. Settings come
    /// from <c>CancelAll:Hold</c> and are validated at start-up; holds are off until <c>Queue</c> is set. Needs the
    /// workflow and the replies (the Service Bus namespace) registered as well; AddCancelAllInputs calls this.
    /// </summary>
    public static IServiceCollection AddCancelAllHold(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCancelAllHoldRelease(configuration);
        services.AddOptions<HoldOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HoldOptions>, HoldOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<HoldMetrics>();
        services.TryAddSingleton(sp => new HoldScheduler(
            sp.GetRequiredService<IOptions<Replies.ReplyOptions>>(),
            sp.GetRequiredService<IOptions<HoldOptions>>(),
            sp.GetService<TokenCredential>()));
        services.TryAddTransient<HoldLatch>();
        return services;
    }

    /// <summary>
    /// Registers only what a release needs: <see cref="HoldRelease"/> over the hold table (<c>CancelAll:Hold</c>'s table
    /// settings), without the queue or the workflow. The CLI uses this to end holds while the app may be down;
    /// <see cref="AddCancelAllHold"/> calls it. The table settings are checked by <see cref="HoldRelease.TableProblem"/>.
    /// </summary>
    public static IServiceCollection AddCancelAllHoldRelease(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(HoldRelease)))
        {
            return services; // bound once: a second Bind would run the binder twice over the same options
        }

        services.AddOptions<HoldOptions>().BindNamingSettings(configuration.GetSection(HoldOptions.Section), static (section, options) => section.Bind(options));
        services.TryAddSingleton(TimeProvider.System);
        AppTable.AddTableHttpClient(services);
        services.TryAddSingleton(sp => new HoldStore(
            () => CreateTable(sp),
            createTable: !string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<HoldOptions>>().Value.TableConnectionString)));
        services.TryAddTransient<HoldRelease>();
        return services;
    }

    private static TableRestClient CreateTable(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<HoldOptions>>().Value;
        return AppTable.Create(services, HoldOptions.Section, options.TableConnectionString, options.TableEndpoint, options.TableName);
    }
}
