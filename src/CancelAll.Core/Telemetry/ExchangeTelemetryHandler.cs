using System.Diagnostics;
using System.Text.Json;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Telemetry;

/// <summary>
/// One Client span per logical exchange call ("Bitget POST /api/v2/mix/order/cancel-all-orders"), wrapping retries
/// and rate-limit waits, tagged with the final HTTP status, Bitget's code, the attempts and the product type.
/// App Insights shows it as a dependency of the invocation. Headers (key, signature, passphrase) are never read.
/// </summary>
internal sealed class ExchangeTelemetryHandler : DelegatingHandler
{
    private const int MaxBodyToRead = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The start-up warm-up's calls are answered in-process: no dependency span that could read as a real call.
        // Nor for the connection keeper's reads, every 20 s (BitgetClient.KeepConnectionAsync).
        var unrecorded = WarmUpAnswerHandler.IsWarmUp(request) || (request.Options.TryGetValue(BitgetClient.Unrecorded, out var keep) && keep);
        using var activity = unrecorded ? null : CancelAllActivitySource.Instance.StartActivity($"Bitget {request.Method.Method} {request.RequestUri?.AbsolutePath}", ActivityKind.Client);
        if (activity is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        activity.SetTag("server.address", request.RequestUri?.Host);
        activity.SetTag("server.port", request.RequestUri?.Port);
        activity.SetTag("http.request.method", request.Method.Method);
        activity.SetTag("url.path", request.RequestUri?.AbsolutePath);
        if (request.Options.TryGetValue(SigningContext.Key, out var signing))
        {
            activity.SetTag(CancelAllTelemetry.Tags.ProductType, ReadString(signing.Request.Body, "productType"));
            activity.SetTag("bitget.margin_coin", ReadString(signing.Request.Body, "marginCoin"));
        }

        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity.SetTag(CancelAllTelemetry.Tags.HttpStatusCode, (int)response.StatusCode);
            var code = await ReadCodeAsync(response, cancellationToken).ConfigureAwait(false);
            activity.SetTag(CancelAllTelemetry.Tags.BitgetCode, code);
            var ok = response.IsSuccessStatusCode && code is null or ExchangeErrors.Ok or ExchangeErrors.NothingToCancel;
            if (!ok)
            {
                activity.SetStatus(ActivityStatusCode.Error, code is null ? $"HTTP {(int)response.StatusCode}" : $"Bitget {code}");
            }

            return response;
        }
        catch (Exception e)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            activity.SetTag("error.type", e.GetType().Name);
            throw;
        }
        finally
        {
            if (request.Options.TryGetValue(CallTracker.Key, out var tracker))
            {
                activity.SetTag(CancelAllTelemetry.Tags.Attempts, tracker.Attempts);
                activity.SetTag(CancelAllTelemetry.Tags.RateLimitWaitMs, Math.Round(tracker.RateLimitWait.TotalMilliseconds, 1));
            }
        }
    }

    private static async Task<string?> ReadCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The exchange client's answers were read once already, in the handler chain.
        if (response.Content is BitgetAnswerContent read)
        {
            return read.Answer.Code;
        }

        if (response.Content.Headers.ContentLength is > MaxBodyToRead)
        {
            return null;
        }

        // Buffered, so the client reads the same body afterwards.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return ReadString(text, "code");
    }

    private static string? ReadString(string? json, string property)
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaxBodyToRead)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
