namespace CancelAll.Core.Exchange;

/// <summary>
/// Sits inside the retry handler, so that every attempt, retries included, takes a permit for its API key and path
/// (from the signing context the client puts on the request). The permit is given back when the attempt's answer,
/// body included, is in, or when it failed: that moment tells the limiter when the exchange counted the request.
/// </summary>
internal sealed class RateLimitingHandler(ApiKeyRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(SigningContext.Key, out var signing))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var permit = await limiter.AcquireAsync(signing.Credentials.ApiKey, signing.Request.Path, cancellationToken).ConfigureAwait(false);
        if (request.Options.TryGetValue(CallTracker.Key, out var tracker))
        {
            tracker.RecordAttempt(permit.Waited);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
