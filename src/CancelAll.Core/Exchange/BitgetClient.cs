using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace CancelAll.Core.Exchange;

/// <summary>
/// The signed Bitget V2 client. Transport concerns (retries with jitter, per-key rate limit, per-attempt signing)
/// live in the HttpClient's handler chain; this class builds requests, reads answers and classifies errors.
/// </summary>
public sealed partial class BitgetClient(
    HttpClient http,
    ExchangeClock clock,
    IOptions<ExchangeOptions> options,
    ILogger<BitgetClient> logger)
{
    public const string CancelAllOrdersPath = BitgetEndpoints.V2CancelAllOrders;
    public const string ServerTimePath = BitgetEndpoints.ServerTime;

    /// <summary>Builds the cancel-all request for <paramref name="target"/>, validated, without sending it.</summary>
    public BitgetRequest PrepareCancelAll(ApiCredentials credentials, CancelTarget target)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(target);
        var window = options.Value.ReceiveWindow;
        var body = new CancelAllOrdersBody(
            target.WireProductType,
            target.MarginCoin,
            window is null ? null : clock.NowMs().ToString(CultureInfo.InvariantCulture),
            window is null ? null : ((long)window.Value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        // Demo trading on the normal product types needs the paptrading header; the S-prefixed setup must not send it.
        var json = JsonSerializer.Serialize(body, BitgetJsonContext.Default.CancelAllOrdersBody);
        return new BitgetRequest(HttpMethod.Post, CancelAllOrdersPath, null, json, target.Environment == TradingEnvironment.Demo);
    }

    /// <summary>Cancels every open order of the target. 22001 ("No order to cancel") is success with nothing cancelled.</summary>
    public async Task<CancelAllResult> CancelAllOrdersAsync(ApiCredentials credentials, CancelTarget target, CancellationToken cancellationToken)
    {
        var (envelope, stats) = await SendAsync(credentials, () => PrepareCancelAll(credentials, target), BitgetJsonContext.Default.BitgetEnvelopeCancelAllData, cancellationToken).ConfigureAwait(false);
        if (envelope.Code == ExchangeErrors.NothingToCancel)
        {
            return new CancelAllResult([], [], NothingToCancel: true, stats);
        }

        var data = envelope.Data ?? throw Malformed("the answer has code 00000 but no data");
        var cancelled = data.SuccessList;
        var failed = data.FailureList;
        return new CancelAllResult(cancelled, failed, NothingToCancel: false, stats);
    }

    /// <summary>A request no dependency span records (<see cref="KeepConnectionAsync"/>'s reads).</summary>
    internal static readonly HttpRequestOptionsKey<bool> Unrecorded = new("CancelAll.Unrecorded");

    /// <summary>Reads the exchange clock and adopts its offset.</summary>
    public async Task<long> SyncClockAsync(CancellationToken cancellationToken)
    {
        var serverTime = await ReadClockAsync(recorded: true, cancellationToken).ConfigureAwait(false);
        LogClockSynced(logger, clock.OffsetMs);
        return serverTime;
    }

    /// <summary>
    /// The connection keeper's read: the same public clock read, which keeps the pooled connection in use and the
    /// offset fresh. Every 20 s around the clock, so it leaves no span (neither ours nor the HttpClient
    /// instrumentation's) and logs at Debug: it would otherwise bury the kills' own telemetry.
    /// </summary>
    public async Task KeepConnectionAsync(CancellationToken cancellationToken)
    {
        using (OpenTelemetry.SuppressInstrumentationScope.Begin())
        {
            await ReadClockAsync(recorded: false, cancellationToken).ConfigureAwait(false);
        }

        LogConnectionKept(logger, clock.OffsetMs);
    }

    private async Task<long> ReadClockAsync(bool recorded, CancellationToken cancellationToken)
    {
        var sent = clock.LocalNowMs();
        using var request = new HttpRequestMessage(HttpMethod.Get, ServerTimePath);
        if (!recorded)
        {
            request.Options.Set(Unrecorded, true);
        }

        var shape = BitgetJsonContext.Default.BitgetEnvelopeServerTimeData;
        request.Options.Set(BitgetAnswer.ShapeKey, shape);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var received = clock.LocalNowMs();
        if (!response.IsSuccessStatusCode)
        {
            // A busy or failing exchange, said as such (not as an answer without a time).
            var status = $"HTTP {(int)response.StatusCode}";
            var kind = response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => ExchangeErrorKind.RateLimited,
                HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => ExchangeErrorKind.ExchangeUnavailable,
                _ => ExchangeErrorKind.MalformedResponse,
            };
            throw new ExchangeException(kind, status, ExchangeErrors.Describe(kind, status, null));
        }

        var envelope = await EnvelopeAsync(response, shape, cancellationToken).ConfigureAwait(false);
        if (!long.TryParse(envelope.Data?.ServerTime, NumberStyles.None, CultureInfo.InvariantCulture, out var serverTime))
        {
            throw Malformed("the server time answer has no numeric serverTime");
        }

        clock.Sync(serverTime, sent, received);
        return serverTime;
    }

    /// <summary>
    /// Sends a signed request and returns its envelope when the code is 00000 or 22001. A rejected timestamp
    /// leads to one resync with the exchange clock and one more try; everything else is classified and thrown.
    /// </summary>
    internal async Task<(BitgetEnvelope<T> Envelope, ExchangeCallStats Stats)> SendAsync<T>(
        ApiCredentials credentials,
        Func<BitgetRequest> prepare,
        JsonTypeInfo<BitgetEnvelope<T>> answerType,
        CancellationToken cancellationToken)
    {
        var tracker = new CallTracker();
        var started = Stopwatch.GetTimestamp();
        for (var resynced = false; ; resynced = true)
        {
            try
            {
                // Prepare afresh each time: a requestTime in the body must follow the resynced clock too.
                var envelope = await SendOnceAsync(credentials, prepare(), answerType, tracker, cancellationToken).ConfigureAwait(false);
                return (envelope, new ExchangeCallStats(tracker.Attempts, tracker.RateLimitWait, Stopwatch.GetElapsedTime(started), resynced ? 2 : 1));
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.Timestamp && !resynced)
            {
                LogTimestampRejected(logger, e.Code ?? "no code");
                await SyncClockAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException e) when (e.Stats is null)
            {
                // A failed target still reports the attempts it really made.
                e.Stats = new ExchangeCallStats(tracker.Attempts, tracker.RateLimitWait, Stopwatch.GetElapsedTime(started), resynced ? 2 : 1);
                throw;
            }
        }
    }

    private async Task<BitgetEnvelope<T>> SendOnceAsync<T>(
        ApiCredentials credentials,
        BitgetRequest request,
        JsonTypeInfo<BitgetEnvelope<T>> answerType,
        CallTracker tracker,
        CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
            message.Content.Headers.ContentType!.CharSet = null;
        }

        message.Options.Set(SigningContext.Key, new SigningContext(request, credentials));
        message.Options.Set(CallTracker.Key, tracker);
        message.Options.Set(BitgetAnswer.ShapeKey, answerType);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var kind = ExchangeErrorKind.ExchangeUnavailable;
            throw new ExchangeException(kind, null, ExchangeErrors.Describe(kind, null, $"{e.GetType().Name} after {tracker.Attempts} attempt(s)"));
        }

        using (response)
        {
            var code = await AnswerAsync(response, answerType, cancellationToken).ConfigureAwait(false);
            // 22001 is success for a kill switch, whatever HTTP status it comes with.
            if ((code.Code == ExchangeErrors.Ok && response.IsSuccessStatusCode) || code.Code == ExchangeErrors.NothingToCancel)
            {
                return await EnvelopeAsync(response, answerType, cancellationToken).ConfigureAwait(false);
            }

            var (kind, reported) = code.Code is { } c
                ? (ExchangeErrors.Classify(c) is var k && k == ExchangeErrorKind.Unknown && (int)response.StatusCode >= 500 ? ExchangeErrorKind.ExchangeUnavailable : k, c)
                : response.StatusCode switch
                {
                    HttpStatusCode.TooManyRequests => (ExchangeErrorKind.RateLimited, "HTTP 429"),
                    HttpStatusCode.RequestTimeout => (ExchangeErrorKind.ExchangeUnavailable, "HTTP 408"),
                    >= HttpStatusCode.InternalServerError => (ExchangeErrorKind.ExchangeUnavailable, $"HTTP {(int)response.StatusCode}"),
                    HttpStatusCode.OK => (ExchangeErrorKind.MalformedResponse, (string?)null),
                    _ => (ExchangeErrorKind.MalformedResponse, $"HTTP {(int)response.StatusCode}"),
                };
            if (kind == ExchangeErrorKind.AccountModeMismatch)
            {
                // Expected while an account's mode is learned: the family switch that follows logs the finding once.
                LogAccountModeAnswer(logger, request.Path, reported ?? "none");
            }
            else
            {
                LogExchangeError(logger, request.Path, (int)response.StatusCode, reported ?? "none", kind, tracker.Attempts);
            }

            throw new ExchangeException(kind, reported, ExchangeErrors.Describe(kind, reported, code.Msg));
        }
    }

    /// <summary>
    /// The answer's one reading, made in the handler chain (<see cref="AnswerBufferingHandler"/>); read here only
    /// when a client was built without that handler.
    /// </summary>
    private static async Task<BitgetAnswer> AnswerAsync(HttpResponseMessage response, JsonTypeInfo answerType, CancellationToken cancellationToken) =>
        response.Content is BitgetAnswerContent content
            ? content.Answer
            : BitgetAnswer.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), answerType);

    /// <summary>The typed envelope of a successful answer, or a malformed-answer error that says where it did not fit.</summary>
    private static async Task<BitgetEnvelope<T>> EnvelopeAsync<T>(HttpResponseMessage response, JsonTypeInfo<BitgetEnvelope<T>> answerType, CancellationToken cancellationToken)
    {
        var answer = await AnswerAsync(response, answerType, cancellationToken).ConfigureAwait(false);
        if (answer.Envelope is BitgetEnvelope<T> envelope)
        {
            return envelope;
        }

        // Not read into this shape (it did not fit, or was not named in time): read again, for the error's detail.
        var body = response.Content is BitgetAnswerContent content ? content.Body.ToArray() : await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Parse(body, answerType);
    }

    private static T Parse<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw Malformed("the answer is empty");
        }
        catch (JsonException e)
        {
            throw Malformed($"the answer is not the expected JSON ({e.Path ?? "root"})");
        }
    }

    private static ExchangeException Malformed(string detail) =>
        new(ExchangeErrorKind.MalformedResponse, null, ExchangeErrors.Describe(ExchangeErrorKind.MalformedResponse, null, null) + " Detail: " + detail + ".");

    [LoggerMessage(Level = LogLevel.Information, Message = "Synced with the exchange clock; offset {OffsetMs} ms")]
    private static partial void LogClockSynced(ILogger logger, long offsetMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kept the exchange connection open (clock offset {OffsetMs} ms)")]
    private static partial void LogConnectionKept(ILogger logger, long offsetMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange rejected the timestamp ({Code}); resyncing the clock and retrying once")]
    private static partial void LogTimestampRejected(ILogger logger, string code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Path} answered {Code}: the account is in the other mode (classic or unified)")]
    private static partial void LogAccountModeAnswer(ILogger logger, string path, string code);

    // Debug: the step that made the call logs the failure once, with its outcome kind (KillLog.StepFailed).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Exchange error on {Path}: HTTP {Status}, code {Code}, kind {Kind}, after {Attempts} attempt(s)")]
    private static partial void LogExchangeError(ILogger logger, string path, int status, string code, ExchangeErrorKind kind, int attempts);
}
