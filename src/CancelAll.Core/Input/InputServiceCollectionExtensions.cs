using CancelAll.Core.Health;
using CancelAll.Core.Hold;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

public static class InputServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook, queue and schedule handlers with their settings, validated at start-up, and the outcome
    /// publisher they hand every outcome to (telemetry and replies).
    /// </summary>
    public static IServiceCollection AddCancelAllInputs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InputOptions>().BindNamingSettings(configuration.GetSection(InputOptions.Section), static (section, options) => section.Bind(options)).ValidateDataAnnotationsNamingSettings(InputOptions.Section, new InputOptionsAttributeValidator()).ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindNamingSettings(configuration.GetSection(WebhookOptions.Section), static (section, options) => section.Bind(options)).ValidateDataAnnotationsNamingSettings(WebhookOptions.Section, new WebhookOptionsAttributeValidator()).ValidateOnStart();
        services.AddOptions<QueueOptions>().BindNamingSettings(configuration.GetSection(QueueOptions.Section), static (section, options) => section.Bind(options)).ValidateDataAnnotationsNamingSettings(QueueOptions.Section, new QueueOptionsAttributeValidator()).ValidateOnStart();
        services.AddOptions<ScheduleOptions>().BindNamingSettings(configuration.GetSection(ScheduleOptions.Section), static (section, options) => section.Bind(options)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FlattenLedger>();
        services.TryAddTransient<WebhookHandler>();
        services.TryAddTransient<QueueHandler>();
        services.TryAddTransient<ScheduleHandler>();
        services.AddCancelAllReplies(configuration);
        services.AddCancelAllHold(configuration);
        services.AddCancelAllHealthChecks();
        return services;
    }
}
