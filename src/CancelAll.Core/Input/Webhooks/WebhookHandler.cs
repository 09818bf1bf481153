using CancelAll.Core.Commands;
using CancelAll.Core.Hold;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// The HTTP trigger's behaviour: size limit, format detection, shared-secret check, layering of defaults, query,
/// body and labels, then the workflow, one command per account. The status comes from <see cref="WebhookStatus"/>.
/// </summary>
public sealed partial class WebhookHandler(
    HoldLatch hold,
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
        foreach (var outcome in response.Outcomes)
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
            LogTooLarge(logger, correlationId, request.ForwardedFor ?? NotSent, options.MaxBodyBytes);
            var tooLarge = CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, Source, null, null, new OutcomeError(OutcomeErrorKind.BadInput, "body", $"The body is larger than {options.MaxBodyBytes} bytes (CancelAll:Webhook:MaxBodyBytes)."), timeProvider.GetUtcNow());
            return new WebhookResponse(WebhookStatus.TooLarge, WebhookAnswers.One(tooLarge), tooLarge);
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
        var body = request.Body ?? string.Empty;
        var bodySecrets = payload is null ? WebhookPayload.SecretsIn(body) : payload.Secret is { } secret ? [secret] : [];
        var textBody = payload?.Format == WebhookFormat.Text || (payload is null && WebhookPayload.IsPlainText(body));
        if (WebhookAuthentication.Refusal(request, textBody, bodySecrets, options, timeProvider.GetUtcNow()) is { } refusal)
        {
            LogUnauthorized(logger, correlationId, refusal, request.ForwardedFor ?? NotSent);
            var denied = CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, Source, null, null, new OutcomeError(OutcomeErrorKind.Unauthorized, null, WebhookAnswers.UnauthorizedMessage), timeProvider.GetUtcNow());
            return new WebhookResponse(WebhookStatus.Unauthorized, WebhookAnswers.Unauthorized(correlationId), denied);
        }

        if (unreadable is null && payload!.Body.Release is not null)
        {
            var release = payload.Body with { Account = payload.Body.Account ?? options.DefaultAccount };
            return Answer(await hold.ReleaseAsync(release, CommandSource.Http, correlationId, cancellationToken).ConfigureAwait(false));
        }

        IReadOnlyList<CancelCommand> commands;
        try
        {
            if (unreadable is not null)
            {
                throw unreadable;
            }

            commands = WebhookCommands.Build(payload!, request, options, inputOptions.Value.CoinFuturesMarginCoinList, correlationId);
        }
        catch (CommandValidationException e)
        {
            LogRejected(logger, correlationId, e.Field, e.Message);
            return Answer(CancelOutcome.NotRun(OutcomeStatus.Rejected, correlationId, Source, null, null, OutcomeErrors.From(e), timeProvider.GetUtcNow()));
        }

        if (commands.Count == 0)
        {
            LogIgnored(logger, correlationId, payload!.Format);
            var account = (payload.Alerts.Count > 0 ? payload.Alerts[0].Account : null) ?? payload.Body.Account ?? options.DefaultAccount;
            return Answer(CancelOutcome.NotRun(OutcomeStatus.Ignored, correlationId, Source, account, "resolved alert: nothing cancelled", null, timeProvider.GetUtcNow()));
        }

        foreach (var command in commands)
        {
            LogAccepted(logger, command.CorrelationId, payload!.Format, command.Account, command.Targets.Count, command.DryRun, request.ForwardedFor ?? NotSent);
        }

        // One command per account: each runs on its own and has its own outcome.
        var outcomes = await Task.WhenAll(commands.Select(c => hold.RunAsync(c, cancellationToken))).ConfigureAwait(false);
        return outcomes.Length == 1 ? Answer(outcomes[0]) : Answer(correlationId, outcomes);
    }

    private WebhookResponse Answer(CancelOutcome outcome)
    {
        var status = WebhookStatus.For(outcome);
        return new WebhookResponse(status, WebhookAnswers.One(outcome), outcome, null, WebhookStatus.RetryAfter(status, webhookOptions.Value));
    }

    private WebhookResponse Answer(string correlationId, CancelOutcome[] outcomes)
    {
        var status = WebhookStatus.For(outcomes);
        return new WebhookResponse(status, WebhookAnswers.Several(correlationId, outcomes), outcomes[0], outcomes, WebhookStatus.RetryAfter(status, webhookOptions.Value));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {CorrelationId}: body over {MaxBodyBytes} bytes, refused with 413; X-Forwarded-For (client-supplied) {ForwardedFor}")]
    private static partial void LogTooLarge(ILogger logger, string correlationId, string forwardedFor, int maxBodyBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {CorrelationId}: refused with 401: {Refusal}; X-Forwarded-For (client-supplied) {ForwardedFor}")]
    private static partial void LogUnauthorized(ILogger logger, string correlationId, string refusal, string forwardedFor);

    /// <summary>The log's word for a request without X-Forwarded-For (never "(null)").</summary>
    private const string NotSent = "not sent";

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {CorrelationId}: resolved {Format} alert, nothing cancelled")]
    private static partial void LogIgnored(ILogger logger, string correlationId, WebhookFormat format);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {CorrelationId}: accepted {Format} request for account {Account}, {TargetCount} target(s), dry run {DryRun}; X-Forwarded-For (client-supplied) {ForwardedFor}")]
    private static partial void LogAccepted(ILogger logger, string correlationId, WebhookFormat format, string account, int targetCount, bool dryRun, string forwardedFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {CorrelationId}: rejected, field {Field}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string correlationId, string field, string problem);
}
