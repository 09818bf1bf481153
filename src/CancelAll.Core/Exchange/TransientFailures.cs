using System.Net;
using Polly;
using Polly.Timeout;

namespace CancelAll.Core.Exchange;

/// <summary>Which answers are worth another attempt. Cancel-all is idempotent, so a retry can never double an effect.</summary>
internal static class TransientFailures
{
    public static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result;
        if (response is null)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            return true;
        }

        if (response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        // Bitget reports some transient failures only in the body: 429 and 40015 (system abnormal), 40010 (timeout).
        // Buffer the body so the caller can still read it after we peeked.
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return BitgetCodeOnly.Read(text).Code is "429" or "40015" or "40010";
    }
}
