using Azure;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// <c>POST /api/heartbeat</c>: a bot says it is alive and for how long. The heartbeat is recorded in table storage
/// (the app-side switch), then, for accounts that enable it, Bitget's countdown is refreshed (the exchange-side switch).
/// Answers 200 with the switch as recorded, 400 naming the field, 401 without detail for a missing or wrong secret,
/// 413 for an oversized body, 503 when the table cannot be written (the bot should send again).
/// </summary>
public sealed partial class HeartbeatHandler(
    HeartbeatStore store,
    IExchangeCountdown countdown,
    ICredentialsProvider credentialsProvider,
    IOptions<DeadManOptions> options,
    TimeProvider timeProvider,
    ILogger<HeartbeatHandler> logger)
{
    private const int WriteAttempts = 3;

    public async Task<HeartbeatResponse> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.BodyTooLarge)
        {
            return Refuse(413, null, "body", $"A heartbeat body is at most {HeartbeatBody.MaxBytes} bytes.");
        }

        HeartbeatBody body;
        try
        {
            body = HeartbeatBody.Read(request.Body!);
            var account = CommandAccounts.Validate(body.Account);
            var settings = options.Value;
            if (!settings.ParsedAccounts.TryGetValue(account, out var armable))
            {
                throw new CommandValidationException("account", settings.Enabled
                    ? $"Account '{account}' has no dead-man's switch: add it to {DeadManOptions.Section}:Accounts."
                    : $"The dead-man's switch is off: list the accounts it may arm in {DeadManOptions.Section}:Accounts.");
            }

            // The webhook's check (every secret presented must match; constant time), against this account's secrets only.
            var secrets = new WebhookOptions { Secrets = [.. settings.SecretsOf(account)] };
            if (WebhookAuthentication.Refusal(request, textBody: false, body.Secret is { } given ? [given] : [], secrets, timeProvider.GetUtcNow()) is not null)
            {
                LogUnauthorized(logger, account, request.ForwardedFor ?? "none");
                return new HeartbeatResponse(401, new HeartbeatAnswer("Unauthorized"));
            }

            return await RecordAsync(armable, Validate(body, armable), cancellationToken).ConfigureAwait(false);
        }
        catch (CommandValidationException e)
        {
            LogRejected(logger, e.Field, e.Message);
            return Refuse(400, null, e.Field, e.Message);
        }
    }

    private static (int TimeoutSeconds, CancelScope Scope) Validate(HeartbeatBody body, DeadManAccount account)
    {
        var scope = body.Scope ?? CancelScope.Flatten;
        if (body.Disarm)
        {
            return (0, scope);
        }

        var (min, max, why) = account.ExchangeCountdown
            ? (IExchangeCountdown.MinSeconds, IExchangeCountdown.MaxSeconds, " (this account refreshes Bitget's countdown, which takes 5 to 60 s)")
            : (DeadManOptions.MinTimeoutSeconds, DeadManOptions.MaxTimeoutSeconds, string.Empty);
        return body.TimeoutSeconds switch
        {
            null => throw new CommandValidationException("timeoutSeconds", $"timeoutSeconds is missing: say how long to wait for the next heartbeat, {min} to {max} seconds{why}."),
            var s when s < min || s > max => throw new CommandValidationException("timeoutSeconds", $"timeoutSeconds {s} is out of range: use {min} to {max} seconds{why}."),
            var s => (s.Value, scope),
        };
    }

    private async Task<HeartbeatResponse> RecordAsync(DeadManAccount account, (int TimeoutSeconds, CancelScope Scope) beat, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HeartbeatEntity row;
            bool refreshCountdown;
            try
            {
                var now = timeProvider.GetUtcNow();
                var previous = await store.GetAsync(account.Account, cancellationToken).ConfigureAwait(false);
                // Bitget allows one countdown call per second per account; the row keeps that across instances.
                // Switching it off (disarm) is always sent: a countdown left running would cancel.
                refreshCountdown = account.ExchangeCountdown
                    && (beat.TimeoutSeconds == 0 || previous?.CountdownAt is not { } last || now - last >= IExchangeCountdown.MinInterval);
                row = new HeartbeatEntity
                {
                    RowKey = account.Account,
                    State = (beat.TimeoutSeconds == 0 ? SwitchState.Disarmed : SwitchState.Armed).ToString(),
                    BeatId = Guid.NewGuid().ToString("N"),
                    LastBeatAt = now,
                    TimeoutSeconds = beat.TimeoutSeconds,
                    LapsesAt = now.AddSeconds(beat.TimeoutSeconds),
                    Scope = beat.Scope.ToString().ToLowerInvariant(),
                    CountdownAt = refreshCountdown ? now : previous?.CountdownAt,
                    CountdownResult = previous?.CountdownResult,
                };
                if (await store.TryReplaceAsync(row, previous?.ETag ?? default, cancellationToken).ConfigureAwait(false) is null)
                {
                    if (attempt < WriteAttempts)
                    {
                        continue; // another heartbeat or a lapse run changed the row since it was read: read it again
                    }

                    return Refuse(503, account.Account, null, "The heartbeat raced with other writes to the same switch and was not recorded; send it again.");
                }
            }
            catch (RequestFailedException e)
            {
                LogStoreFailed(logger, account.Account, e.Status, e.ErrorCode);
                return Refuse(503, account.Account, null, $"The heartbeat could not be recorded in table storage (HTTP {e.Status} {e.ErrorCode}); the switch keeps its previous state. Send it again.");
            }

            LogRecorded(logger, account.Account, row.State, beat.TimeoutSeconds, row.LapsesAt);
            var countdownResult = account.ExchangeCountdown
                ? refreshCountdown ? await RefreshCountdownAsync(account.Account, beat.TimeoutSeconds, row.LastBeatAt, cancellationToken).ConfigureAwait(false) : "Skipped: refreshed less than 1 s ago (Bitget allows 1 call/s)"
                : null;
            return new HeartbeatResponse(200, new HeartbeatAnswer(
                "Recorded",
                account.Account,
                row.State,
                beat.TimeoutSeconds,
                row.SwitchState == SwitchState.Armed ? row.LapsesAt : null,
                row.Scope,
                countdownResult));
        }
    }

    /// <summary>
    /// Refreshes (or, on disarm, stops) Bitget's countdown. A failure never fails the heartbeat: the app-side switch is
    /// armed already. It is logged and recorded on the row, and the answer says what is wrong.
    /// </summary>
    private async Task<string> RefreshCountdownAsync(string account, int seconds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        string result;
        try
        {
            var credentials = await credentialsProvider.GetAsync(account, cancellationToken).ConfigureAwait(false);
            await countdown.RefreshAsync(credentials, seconds, cancellationToken).ConfigureAwait(false);
            result = seconds == 0 ? "Off" : "Refreshed";
            LogCountdown(logger, account, seconds);
        }
        catch (Exception e) when (e is ExchangeException or CredentialsException)
        {
            result = $"Failed: {e.Message} The exchange-side countdown needs a Unified Trading Account and access granted by Bitget; the app-side switch is armed and still fires.";
            LogCountdownFailed(logger, account, e.Message);
        }

        try
        {
            await store.RecordCountdownAsync(account, at, result, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            LogStoreFailed(logger, account, e.Status, e.ErrorCode);
        }

        return result;
    }

    private static HeartbeatResponse Refuse(int status, string? account, string? field, string message) =>
        new(status, new HeartbeatAnswer(status == 503 ? "Unavailable" : "Rejected", account, Error: new HeartbeatError(field, message)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat for account {Account} (client-supplied X-Forwarded-For: {ForwardedFor}): missing or wrong secret, refused with 401")]
    private static partial void LogUnauthorized(ILogger logger, string account, string forwardedFor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat rejected, field {Field}: {Problem}")]
    private static partial void LogRejected(ILogger logger, string field, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat for account {Account}: {State}, timeout {TimeoutSeconds} s, lapses at {LapsesAt}")]
    private static partial void LogRecorded(ILogger logger, string account, string state, int timeoutSeconds, DateTimeOffset lapsesAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Heartbeat for account {Account}: table storage failed (HTTP {Status} {ErrorCode})")]
    private static partial void LogStoreFailed(ILogger logger, string account, int status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Heartbeat for account {Account}: exchange countdown set to {Seconds} s")]
    private static partial void LogCountdown(ILogger logger, string account, int seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Heartbeat for account {Account}: exchange countdown failed; the app-side switch still fires. {Problem}")]
    private static partial void LogCountdownFailed(ILogger logger, string account, string problem);
}
