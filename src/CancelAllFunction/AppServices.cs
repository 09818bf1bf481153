using CancelAll.Core.Credentials;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace CancelAll.Functions;

/// <summary>
/// Everything the app registers, in one place: Program.cs calls it on the worker's builder, and the tests call it on
/// the same builder, so that they check the registrations that are deployed.
/// </summary>
public static class AppServices
{
    /// <summary>
    /// The core (exchange, credentials and the app's Azure identity, workflow, inputs, replies, health checks), the
    /// start-up warm-up, the exchange connection keeper and, when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OpenTelemetry export with the
    /// worker's invocation spans (host.json telemetryMode OpenTelemetry), so that the app's spans and logs are part of
    /// each invocation's trace. Every setting is validated when the host starts (ValidateOnStart).
    /// </summary>
    public static IServiceCollection Add(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services
            .AddBitgetExchange(configuration)
            .AddCancelAllCredentials(configuration)
            .AddCancelAllWorkflow(configuration)
            .AddCancelAllInputs(configuration)
            .AddCancelAllDeadMan(configuration)
            .AddCancelAllAzureMonitor(configuration)
            .AddHostedService<WarmUp>()
            .AddHostedService<ExchangeConnectionKeeper>();
        if (!string.IsNullOrWhiteSpace(configuration[TelemetryServiceCollectionExtensions.ConnectionStringSetting]))
        {
            // The worker's own ActivitySource (one span per invocation, parented on the host's trace context) and the
            // capability that tells the host the worker exports its telemetry itself.
            services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
        }

        return services;
    }
}
