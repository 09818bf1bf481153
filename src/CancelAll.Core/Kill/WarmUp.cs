using System.Diagnostics;
using System.Text.Json;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill;

/// <summary>
/// Does at start-up what the first alert would otherwise pay for. First a dry kill through the whole path (webhook
/// body, command, pipeline, steps, signing, the client's handler chain, answer reading, outcome, reply document) with
/// the warm-up's own key, whose calls <see cref="WarmUpAnswerHandler"/> answers in-process: most of the first kill's
/// cost is compiling that code, and this compiles it without any call to the exchange. It records no outcome, sends
/// no reply and emits no span, metric or outcome event. Then it reads the exchange clock (which also opens the
/// connection) and loads the keys of every configured account and finds each one's mode (classic or unified), so that
/// the first kill costs one round trip and goes straight to the right API.
/// Failures are logged and never stop the host: the first real request will try again.
/// </summary>
public sealed partial class WarmUp(
    BitgetClient client,
    ICredentialsProvider credentials,
    AccountApis apis,
    IServiceProvider services,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<ScheduleOptions> scheduleOptions,
    IOptions<InputOptions> inputOptions,
    ILogger<WarmUp> logger) : BackgroundService
{
    /// <summary>The dry kill's account name: not an account of the configuration, and said plainly in its one log line.</summary>
    public const string DryKillAccount = "warm-up";

    /// <summary>An alert as TradingView sends it, for the warm-up's account, with verify on so that the read path runs too.</summary>
    private const string DryKillBody = """{"account":"warm-up","productType":"USDT-FUTURES","marginCoin":"USDT","verify":true,"reason":"start-up warm-up"}""";

    /// <summary>The accounts the configuration names: the webhook default and every flatten job's.</summary>
    public IReadOnlyList<string> ConfiguredAccounts() => Kill.ConfiguredAccounts.From(webhookOptions.Value, scheduleOptions.Value);

    /// <summary>
    /// The dry kill: the reply document it produced (never sent anywhere). Its own pipeline instance has a silent logger
    /// and a coalescer of its own, so that nothing of it shows in the logs or joins a real request.
    /// </summary>
    public async Task<CancelAllReply> RunDryKillAsync(CancellationToken cancellationToken)
    {
        var payload = WebhookPayload.Read(DryKillBody);
        var request = new WebhookRequest(DryKillBody, new Dictionary<string, string>(), new Dictionary<string, string>(), null);

        // The secret check runs as for an alert; the dry body carries no secret, so its (expected) refusal is dropped.
        _ = WebhookAuthentication.Refusal(request, textBody: false, [], webhookOptions.Value, DateTimeOffset.UtcNow);
        var command = WebhookCommands.Build(payload, request, webhookOptions.Value, inputOptions.Value.CoinFuturesMarginCoinList, CancelCommand.NewCorrelationId()).Single();
        var pipeline = ActivatorUtilities.CreateInstance<KillPipeline>(services, NullLogger<KillPipeline>.Instance, new CallCoalescer<KillKey, TargetOutcome>());
        var targets = new List<TargetOutcome>();
        foreach (var target in command.Targets)
        {
            targets.Add(await pipeline.RunAsync(command, WarmUpAnswerHandler.Credentials, target, cancellationToken).ConfigureAwait(false));
        }

        var now = DateTimeOffset.UtcNow;
        var outcome = new CancelOutcome(command.CorrelationId, "http", command.Account, CancelOutcome.Combine(targets.Select(t => t.Status).ToList()), command.Reason, command.DryRun, now, now, targets, null, command.Scope.ToString().ToLowerInvariant());
        // The HTTP answer and the queue reply, built as for an alert and sent nowhere.
        _ = (WebhookStatus.For(outcome), WebhookAnswers.One(outcome));
        var reply = ReplyMapper.ToReply(outcome, ReplyContext.ForHttp(outcome.CorrelationId));
        _ = JsonSerializer.SerializeToUtf8Bytes(reply, ReplyJsonContext.Default.CancelAllReply);
        return reply;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var reply = await RunDryKillAsync(stoppingToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogDryKill(logger, reply.Status, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, "the dry kill", e.GetType().Name + ": " + e.Message);
        }

        try
        {
            await client.SyncClockAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, "exchange clock", e.GetType().Name);
        }

        foreach (var account in ConfiguredAccounts())
        {
            try
            {
                var keys = await credentials.GetAsync(account, stoppingToken).ConfigureAwait(false);
                LogAccountLoaded(logger, account);
                if (keys is not null)
                {
                    var mode = await apis.DetectAsync(account, keys, stoppingToken).ConfigureAwait(false);
                    LogAccountMode(logger, account, mode);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWarmUpFailed(logger, "account " + account, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: a dry kill ran through the whole path in {Ms:0} ms ({Status}), answered in-process: nothing was sent to the exchange")]
    private static partial void LogDryKill(ILogger logger, string status, double ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: keys of account {Account} loaded")]
    private static partial void LogAccountLoaded(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: account {Account} is in {Mode} mode")]
    private static partial void LogAccountMode(ILogger logger, string account, AccountMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up of {What} failed ({Problem}); the first request will try again")]
    private static partial void LogWarmUpFailed(ILogger logger, string what, string problem);
}
