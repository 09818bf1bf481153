using System.Net;
using Polly;
using Polly.Timeout;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Which answers are worth another attempt: anything that is not a definite answer from Bitget. Cancel-all is
/// idempotent, so a retry can never double an effect.
/// </summary>
internal static class TransientFailures
{
    public static async ValueTask<bool> IsTransientAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            // Connection failures, a reset while the body was read, and attempt timeouts (the body is read inside the attempt).
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result;
        if (response is null)
        {
            return false;
        }

        if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            return true;
        }

        if (response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.OK)
        {
            return false;
        }

        // The body is already buffered (AnswerBufferingHandler). Bitget reports some transient failures only in the
        // body: 429 and 40015 (system abnormal), 40010 (timeout). A 200 we cannot read (an HTML page from a proxy,
        // an empty or truncated body) says nothing definite either.
        var answer = response.Content is BitgetAnswerContent content
            ? content.Answer
            : BitgetAnswer.ReadCode(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
        var code = answer.Code;
        return code is null ? response.StatusCode == HttpStatusCode.OK : code is "429" or "40015" or "40010";
    }
}
