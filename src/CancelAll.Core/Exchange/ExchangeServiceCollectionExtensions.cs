using CancelAll.Core.Input;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using CancelAll.Core.Telemetry;
using Polly;
using Polly.Telemetry;

namespace CancelAll.Core.Exchange;

public static class ExchangeServiceCollectionExtensions
{
    public const string HttpClientName = "bitget";

    /// <summary>
    /// Registers the signed Bitget client. The handler chain, outermost first:
    /// total timeout and bounded retries with jitter → per-key, per-endpoint rate limiter → per-attempt timeout →
    /// answer buffering and reading (so that reading the body is inside both timeouts) → signing → the start-up
    /// warm-up's in-process answers (its own key only) → network.
    /// </summary>
    public static IServiceCollection AddBitgetExchange(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExchangeOptions>()
            .BindNamingSettings(configuration.GetSection(ExchangeOptions.Section), static (section, options) => section.Bind(options))
            .ValidateDataAnnotationsNamingSettings(ExchangeOptions.Section, new ExchangeOptionsAttributeValidator())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExchangeOptions>, ExchangeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExchangeClock>();
        // Real time, whatever TimeProvider the app registers: the exchange counts real arrivals, and a clock faked for
        // schedules must not stall or speed up the limiter.
        services.TryAddSingleton(sp => new ApiKeyRateLimiter(sp.GetRequiredService<IOptions<ExchangeOptions>>(), TimeProvider.System));
        services.AddTransient<RateLimitingHandler>();
        services.AddTransient<AnswerBufferingHandler>();
        services.AddTransient<SigningHandler>();
        services.AddTransient<WarmUpAnswerHandler>();

        var client = services.AddHttpClient<BitgetClient>(HttpClientName, (provider, http) =>
            {
                var exchange = provider.GetRequiredService<IOptions<ExchangeOptions>>().Value;
                http.BaseAddress = exchange.BaseUrl;
                http.DefaultRequestVersion = HttpVersion.Version11;
                // Timeouts belong to the resilience pipeline; HttpClient's own would cut across retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
            });
        // The connection to the exchange outlives the quiet spells between alerts (ExchangeConnection says how).
        client.ConfigurePrimaryHttpMessageHandler(ExchangeConnection.CreateHandler);
        client.SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        // HttpClient's own logger writes four Information lines per request; each attempt is in the exchange span and
        // Polly's Debug lines, and the kill's lines say what came of it.
        client.RemoveAllLoggers();
        client.AddExchangeTelemetry();
        client.AddResilienceHandler("bitget-retry", (builder, context) =>
            {
                var exchange = context.ServiceProvider.GetRequiredService<IOptions<ExchangeOptions>>().Value;
                builder.AddTimeout(exchange.TotalTimeout);
                if (exchange.MaxRetries > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = exchange.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = exchange.RetryBaseDelay,
                        MaxDelay = TimeSpan.FromSeconds(5),
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => TransientFailures.IsTransientAsync(args.Outcome),
                    });
                }
            });
        client.AddHttpMessageHandler<RateLimitingHandler>();
        client.AddResilienceHandler("bitget-attempt", (builder, context) =>
            {
                var exchange = context.ServiceProvider.GetRequiredService<IOptions<ExchangeOptions>>().Value;
                builder.AddTimeout(exchange.AttemptTimeout);
            });
        client.AddHttpMessageHandler<AnswerBufferingHandler>();
        client.AddHttpMessageHandler<SigningHandler>();
        client.AddHttpMessageHandler<WarmUpAnswerHandler>();

        // Retry chatter (each retry, each attempt, each timeout) at Debug: the kill's own lines say what failed in the end.
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = RetryEventSeverity);

        // V3 (unified accounts) sends through the same client, so it shares the whole handler chain.
        services.TryAddTransient<BitgetV3Client>();
        return services;
    }

    /// <summary>Debug for the events of this client's pipelines ("bitget-…"), the default for any other pipeline.</summary>
    internal static ResilienceEventSeverity RetryEventSeverity(SeverityProviderArguments args) =>
        args.Source.PipelineName?.StartsWith(HttpClientName + "-", StringComparison.Ordinal) == true ? ResilienceEventSeverity.Debug : args.Event.Severity;
}
