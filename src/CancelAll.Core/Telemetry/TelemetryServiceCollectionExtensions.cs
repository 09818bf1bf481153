using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CancelAll.Core.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string ServiceName = "cancel-all";

    /// <summary>
    /// Registers the core's instrumentation: <see cref="CancelAllMetrics"/> (Meter <c>CancelAll</c> from
    /// <see cref="System.Diagnostics.Metrics.IMeterFactory"/>) and <see cref="OutcomeRecorder"/>. Exporting is separate
    /// (<see cref="AddCancelAllAzureMonitor"/>), so the CLI and tests can use the same recorder with other listeners.
    /// </summary>
    public static IServiceCollection AddCancelAllTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddMetrics();
        services.TryAddSingleton<CancelAllMetrics>();
        services.TryAddSingleton<OutcomeRecorder>();
        return services;
    }

    /// <summary>
    /// Exports logs, traces and metrics to Application Insights with OpenTelemetry and the Azure Monitor exporter,
    /// from <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>; does nothing when it is not set. With
    /// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> = <c>Authorization=AAD</c>, ingestion authenticates with the
    /// registered <see cref="TokenCredential"/>. Live Metrics off; no rate-limited sampling (every span is kept):
    /// a kill switch runs rarely and each run matters. Sources: <c>CancelAll</c>, <c>Azure.*</c> (Key Vault, Azure.Core),
    /// and HttpClient (every HTTP attempt, under the exchange and Service Bus spans).
    /// </summary>
    /// <param name="configure">Runs last, e.g. to point the exporter at a test endpoint or disable offline storage.</param>
    public static IServiceCollection AddCancelAllAzureMonitor(this IServiceCollection services, IConfiguration configuration, Action<AzureMonitorExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var aad = (configuration[AuthenticationStringSetting] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(p => p.Equals("Authorization=AAD", StringComparison.OrdinalIgnoreCase));

        // With AAD, ingestion uses the app's TokenCredential from DI, resolved once the providers are built.
        var credential = aad ? new ServiceProviderTokenCredential() : null;
        void Apply(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = connectionString;
            o.EnableLiveMetrics = false;
            o.TracesPerSecond = null;
            o.SamplingRatio = 1.0F;
            if (credential is not null)
            {
                o.Credential = credential;
            }

            configure?.Invoke(o);
        }

        // The Azure SDK (Key Vault's SecretClient) emits its spans on ActivitySources only with this switch on,
        // as the Azure Monitor distro does; without it, only the HttpClient spans of its calls would show.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        services.AddCancelAllTelemetry();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t
                .AddSource(CancelAllTelemetry.SourceName, "Azure.*")
                .AddHttpClientInstrumentation()
                .AddAzureMonitorTraceExporter(Apply))
            .WithMetrics(m => m
                .AddMeter(CancelAllTelemetry.SourceName)
                .AddAzureMonitorMetricExporter(Apply))
            .WithLogging(
                l => l.AddAzureMonitorLogExporter(Apply),
                o => o.IncludeFormattedMessage = true);
        if (credential is not null)
        {
            services.ConfigureOpenTelemetryTracerProvider((sp, _) => credential.Attach(sp));
            services.ConfigureOpenTelemetryMeterProvider((sp, _) => credential.Attach(sp));
            services.ConfigureOpenTelemetryLoggerProvider((sp, _) => credential.Attach(sp));
        }

        return services;
    }
}
