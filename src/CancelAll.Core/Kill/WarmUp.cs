using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text.Json;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Hold;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Telemetry;
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

    /// <summary>
    /// The dry kill's webhook secret: its own, new in every process, known only to the dry kill's handler (never a
    /// configured secret, so no caller can use it).
    /// </summary>
    private static readonly string DryKillSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    /// <summary>An alert as TradingView sends it, for the warm-up's account, with verify on so that the read path runs too.</summary>
    private static readonly string DryKillBody = $$"""{"account":"{{DryKillAccount}}","productType":"USDT-FUTURES","marginCoin":"USDT","verify":true,"reason":"start-up warm-up","secret":"{{DryKillSecret}}"}""";

    /// <summary>The accounts the configuration names: the webhook default and every flatten job's.</summary>
    public IReadOnlyList<string> ConfiguredAccounts() => Kill.ConfiguredAccounts.From(webhookOptions.Value, scheduleOptions.Value);

    /// <summary>
    /// The dry kill: an alert through the whole webhook path (<see cref="WebhookHandler"/>, hold latch, workflow,
    /// pipeline, outcome, telemetry recorder, reply) and the reply document it produced, sent nowhere. Every part that
    /// could leave a trace is its own instance: silent loggers, a coalescer of its own (nothing joins a real request),
    /// the warm-up's key as the only credentials, metrics on a meter no exporter listens to, and a reply sender that
    /// keeps the reply in memory.
    /// </summary>
    public async Task<CancelAllReply> RunDryKillAsync(CancellationToken cancellationToken)
    {
        var timeProvider = services.GetRequiredService<TimeProvider>();
        var keys = new FixedCredentialsProvider(DryKillAccount, WarmUpAnswerHandler.Credentials);
        var pipeline = ActivatorUtilities.CreateInstance<KillPipeline>(services, keys, NullLogger<KillPipeline>.Instance, new CallCoalescer<KillKey, TargetOutcome>());
        var workflow = new CancelAllWorkflow(pipeline, timeProvider, NullLogger<CancelAllWorkflow>.Instance);
        var hold = ActivatorUtilities.CreateInstance<HoldLatch>(services, workflow, NullLogger<HoldLatch>.Instance);
        using var meters = new UnheardMeterFactory();
        var sender = new InMemoryReplySender();
        var publisher = new OutcomePublisher(new OutcomeRecorder(new CancelAllMetrics(meters), NullLogger<OutcomeRecorder>.Instance), sender, NullLogger<OutcomePublisher>.Instance);
        var handler = new WebhookHandler(hold, publisher, Options.Create(new WebhookOptions { Secrets = [DryKillSecret] }), inputOptions, timeProvider, NullLogger<WebhookHandler>.Instance);

        var request = new WebhookRequest(DryKillBody, new Dictionary<string, string>(), new Dictionary<string, string>(), null);
        var response = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        return sender.Reply ?? throw new InvalidOperationException($"The dry kill produced no reply (webhook status {response.StatusCode}).");
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

    /// <summary>Meters under a name of their own, which no exporter subscribes to: the dry kill's outcome counts nowhere.</summary>
    private sealed class UnheardMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions("CancelAll.WarmUp.Unheard") { Scope = this });
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }

    /// <summary>Keeps the dry kill's reply (serialized as a real sender would) and sends it nowhere.</summary>
    private sealed class InMemoryReplySender : IReplySender
    {
        public CancelAllReply? Reply { get; private set; }

        public Task<ReplySendResult> SendAsync(CancelAllReply reply, ReplyContext context, CancellationToken cancellationToken)
        {
            Reply = reply;
            _ = JsonSerializer.SerializeToUtf8Bytes(reply, ReplyJsonContext.Default.CancelAllReply);
            return Task.FromResult(ReplySendResult.Disabled(string.Empty, ReplyMessageIds.For(context)));
        }
    }
}
