namespace CancelAll.Core.Exchange;

/// <summary>The innermost handler: stamps and signs each attempt with the exchange clock.</summary>
internal sealed class SigningHandler(ExchangeClock clock, Microsoft.Extensions.Options.IOptions<ExchangeOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(SigningContext.Key, out var signing))
        {
            foreach (var name in new[] { BitgetHeaders.AccessSign, BitgetHeaders.AccessTimestamp, BitgetHeaders.AccessPassphrase, BitgetHeaders.Locale, BitgetHeaders.PaperTrading, BitgetHeaders.AccessKey })
            {
                request.Headers.Remove(name);
            }

            foreach (var (name, value) in signing.Request.SignedHeaders(signing.Credentials, clock.NowMs(), options.Value.Locale))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
