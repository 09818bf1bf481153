using System.Security.Cryptography;
using System.Text;
using CancelAll.Core.Commands;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// The HTTP trigger's behaviour: size limit, shared-secret check, format detection, layering of defaults, query,
/// body and labels, then the workflow. Answers 200 (done, nothing to do, ignored, dry run), 400 naming the field,
/// 401 without detail, 413, or 502 when a target failed so that sources with retries send again.
/// </summary>
public sealed partial class WebhookHandler(
    CancelAllWorkflow workflow,
    OutcomePublisher publisher,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<InputOptions> inputOptions,
    TimeProvider timeProvider,
    ILogger<WebhookHandler> logger)
{
    private const string Source = "http";

    /// <summary>Answers the request and publishes its outcome (telemetry and reply). A lost reply never changes the answer.</summary>
    public async Task<WebhookResponse> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var response = await AnswerAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Outcome is { } outcome)
        {
            await publisher.PublishAsync(outcome, ReplyContext.ForHttp(outcome.CorrelationId), cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task<WebhookResponse> AnswerAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var correlationId = CancelCommand.NewCorrelationId();
        var options = webhookOptions.Value;
        if (request.BodyTooLarge)
        {
            LogTooLarge(logger, correlationId, request.RemoteAddress, options.MaxBodyBytes);
            var tooLarge = CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, Source, null, null, new OutcomeError("BadInput", "body", $"The body is larger than {options.MaxBodyBytes} bytes."), timeProvider.GetUtcNow());
            return new WebhookResponse(413, OutcomeJsonContext.Serialize(tooLarge), tooLarge);
        }

        WebhookPayload? payload = null;
        CommandValidationException? unreadable = null;
        try
        {
            payload = WebhookPayload.Read(request.Body ?? string.Empty);
        }
        catch (CommandValidationException e)
        {
            unreadable = e;
        }

        // Authenticate before saying anything about the input: an unauthenticated caller learns nothing.
        if (!Authenticated(request, payload?.Secret, options.SecretList))
        {
            LogUnauthorized(logger, correlationId, request.RemoteAddress);
            var denied = CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, Source, null, null, new OutcomeError("Unauthorized", null, "Missing or wrong webhook secret."), timeProvider.GetUtcNow());
            return new WebhookResponse(401, """{"status":"Unauthorized"}""", denied);
        }

        try
        {
            if (unreadable is not null)
            {
                throw unreadable;
            }

            var layered = payload!.Labels.Over(payload.Body.Over(FromQuery(request).Over(Defaults(options))));
            if (payload.Resolved)
            {
                LogIgnored(logger, correlationId, payload.Format);
                return Answer(CancelOutcome.NotRun(OutcomeStatus.Ignored, correlationId, Source, layered.Account, "resolved alert: nothing cancelled", null, timeProvider.GetUtcNow()));
            }

            var command = layered.ToCommand(CommandSource.Http, correlationId, inputOptions.Value.CoinFuturesMarginCoinList);
            LogAccepted(logger, command.CorrelationId, payload.Format, request.RemoteAddress);
            return Answer(await workflow.RunAsync(command, cancellationToken).ConfigureAwait(false));
        }
        catch (CommandValidationException e)
        {
            LogRejected(logger, correlationId, e.Field, e.Message);
            return Answer(CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, Source, null, null, OutcomeErrors.From(e), timeProvider.GetUtcNow()));
        }
    }

    private static WebhookResponse Answer(CancelOutcome outcome) => new(
        outcome.Status switch
        {
            OutcomeStatus.Rejected => 400,
            OutcomeStatus.Failed or OutcomeStatus.PartiallyFailed => 502,
            _ => 200,
        },
        OutcomeJsonContext.Serialize(outcome),
        outcome);

    private static CommandFields Defaults(WebhookOptions options) => new()
    {
        Account = options.DefaultAccount,
        ProductTypes = options.DefaultProductTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    private static CommandFields FromQuery(WebhookRequest request) => new()
    {
        Account = request.QueryValue("account"),
        ProductTypes = (request.QueryValue("productTypes") ?? request.QueryValue("productType")) is { } types ? [types] : null,
        MarginCoin = request.QueryValue("marginCoin"),
        Demo = CommandJson.Bool(request.QueryValue("demo"), "demo"),
        Scope = CommandJson.Scope(request.QueryValue("scope"), "scope"),
        Verify = CommandJson.Bool(request.QueryValue("verify"), "verify"),
        DryRun = CommandJson.Bool(request.QueryValue("dryRun"), "dryRun"),
        Reason = request.QueryValue("reason"),
    };

    /// <summary>
    /// The secret may come from Authorization: Bearer, X-Webhook-Secret, the body's secret field (TradingView cannot
    /// set headers) or the secret query parameter (plain-text alerts). Every configured secret is compared in constant time.
    /// </summary>
    internal static bool Authenticated(WebhookRequest request, string? bodySecret, IReadOnlyList<string> secrets)
    {
        var authorization = request.Header("Authorization");
        var given = (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null)
            ?? request.Header("X-Webhook-Secret")
            ?? bodySecret
            ?? request.QueryValue("secret");
        if (string.IsNullOrEmpty(given))
        {
            return false;
        }

        var givenHash = SHA256.HashData(Encoding.UTF8.GetBytes(given));
        var match = false;
        foreach (var secret in secrets)
        {
            // Hashing first makes lengths equal, so the comparison time says nothing about the secret.
            match |= CryptographicOperations.FixedTimeEquals(givenHash, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        }

        return match;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {CorrelationId} from {RemoteAddress}: body over {MaxBodyBytes} bytes, refused with 413")]
    private static partial void LogTooLarge(ILogger logger, string correlationId, string? remoteAddress, int maxBodyBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {CorrelationId} from {RemoteAddress}: missing or wrong secret, refused with 401")]
    private static partial void LogUnauthorized(ILogger logger, string correlationId, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {CorrelationId}: resolved {Format} alert, nothing cancelled")]
    private static partial void LogIgnored(ILogger logger, string correlationId, WebhookFormat format);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {CorrelationId}: accepted {Format} request from {RemoteAddress}")]
    private static partial void LogAccepted(ILogger logger, string correlationId, WebhookFormat format, string? remoteAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {CorrelationId}: rejected, field {Field}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string correlationId, string field, string problem);
}
