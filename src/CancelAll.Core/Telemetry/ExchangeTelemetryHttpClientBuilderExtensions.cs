using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace CancelAll.Core.Telemetry;

internal static class ExchangeTelemetryHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the exchange dependency span as the OUTERMOST handler of this client, wherever this line stands, so that
    /// one span covers a whole logical call (its retries, limiter waits and attempts).
    /// </summary>
    public static IHttpClientBuilder AddExchangeTelemetry(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, options =>
            options.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Insert(0, new ExchangeTelemetryHandler())));
        return builder;
    }
}
