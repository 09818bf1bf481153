using CancelAll.Core.Input;
using Azure.Core;
using CancelAll.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Replies;

internal static partial class RepliesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OutcomePublisher"/>, the Service Bus <see cref="IReplySender"/> and the telemetry recorder.
    /// Options come from <c>CancelAll:Replies</c> and are validated at start-up. With a namespace, a
    /// <see cref="TokenCredential"/> must be registered (the same one the app uses for Key Vault).
    /// </summary>
    /// <param name="configure">Runs after binding, e.g. to set <see cref="ReplyOptions.Transport"/>.</param>
    public static IServiceCollection AddCancelAllReplies(this IServiceCollection services, IConfiguration configuration, Action<ReplyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<ReplyOptions>().BindNamingSettings(configuration.GetSection(ReplyOptions.Section), static (section, options) => section.Bind(options));
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReplyOptions>, ReplyOptionsValidator>());
        services.AddCancelAllTelemetry();
        services.TryAddSingleton<ServiceBusReplySender>(sp => new ServiceBusReplySender(
            sp.GetRequiredService<IOptions<ReplyOptions>>(),
            sp.GetService<TokenCredential>(),
            sp.GetRequiredService<ILogger<ServiceBusReplySender>>()));
        services.TryAddSingleton<IReplySender>(sp => sp.GetRequiredService<ServiceBusReplySender>());
        services.TryAddSingleton<OutcomePublisher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReplyStartupLog>());
        return services;
    }

    /// <summary>Says at start-up where replies go, or that they are disabled.</summary>
    private sealed partial class ReplyStartupLog(IOptions<ReplyOptions> options, ILogger<ServiceBusReplySender> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var value = options.Value;
            if (value.Enabled)
            {
                var allowed = string.Join(",", value.AllowedQueueSet.Order(StringComparer.Ordinal));
                LogEnabled(logger, value.BaseAddress!.Host, value.Queue, allowed);
            }
            else
            {
                LogDisabled(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Replies go to Service Bus {Namespace}, queue {Queue}; ReplyTo allowed for {AllowedQueues}")]
        private static partial void LogEnabled(ILogger logger, string @namespace, string queue, string allowedQueues);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Replies are DISABLED: CancelAll:Replies:Namespace is not set. Outcomes still go to Application Insights and the logs")]
        private static partial void LogDisabled(ILogger logger);
    }
}
