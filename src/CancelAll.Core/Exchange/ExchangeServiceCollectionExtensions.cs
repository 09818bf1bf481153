using CancelAll.Core.Input;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using CancelAll.Core.Telemetry;
using Polly;

namespace CancelAll.Core.Exchange;

public static class ExchangeServiceCollectionExtensions
{
    public const string HttpClientName = "bitget";

    /// <summary>
    /// Registers the signed Bitget client. The handler chain, outermost first:
    /// total timeout and bounded retries with jitter → per-key, per-endpoint rate limiter → per-attempt timeout →
    /// answer buffering (so that reading the body is inside both timeouts) → signing → network.
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

        var client = services.AddHttpClient<BitgetClient>(HttpClientName, (provider, http) =>
            {
                var exchange = provider.GetRequiredService<IOptions<ExchangeOptions>>().Value;
                http.BaseAddress = exchange.BaseUrl;
                http.DefaultRequestVersion = HttpVersion.Version11;
                // Timeouts belong to the resilience pipeline; HttpClient's own would cut across retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
            });
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

        // V3 (unified accounts) sends through the same client, so it shares the whole handler chain.
        services.TryAddTransient<BitgetV3Client>();
        return services;
    }
}
