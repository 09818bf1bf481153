using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime;
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
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill;

/// <summary>
/// Does at start-up what the first alert would otherwise pay for. First two dry kills through the whole path (webhook
/// body, command, pipeline, steps, signing, the client's handler chain, answer reading, outcome, reply document), one
/// with verify and one without (the common alert), with the warm-up's own key, whose calls
/// <see cref="WarmUpAnswerHandler"/> answers in-process: most of the first kill's cost is compiling that code, and this
/// compiles it without any call to the exchange. It records no outcome, sends no reply and emits no span, metric or
/// outcome event. Beside them, on another thread, it reads the exchange clock (which also opens the connection) and
/// loads the keys of every configured account and finds each one's mode (classic or unified), so that the first kill
/// costs one round trip and goes straight to the right API (<see cref="Warmed"/> completes when both are done).
/// Last, in the background, the tier-up: the runtime first compiles a method quickly and unoptimised (tier 0), and
/// only recompiles it optimised (tier 1) once it has been called 30 times after a quiet spell of 100 ms
/// (dotnet/runtime's <c>TC_CallCountThreshold</c> and <c>TC_CallCountingDelayMs</c>; ReadyToRun code is counted and
/// promoted the same way). So the tier-up lets that spell pass, then repeats the dry kill without verify in batches,
/// each followed by the background compiles, until a batch makes the runtime compile (almost) nothing more (at most
/// <see cref="TierUpRounds"/> dry kills): the first real kills then run optimised code. It stops at once when a real kill arrives (<see cref="KillArrivals"/>) or the host stops.
/// Failures are logged and never stop the host: the first real request will try again.
/// </summary>
public sealed partial class WarmUp(
    BitgetClient client,
    ICredentialsProvider credentials,
    AccountApis apis,
    KillArrivals arrivals,
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

    /// <summary>Longer than the runtime's quiet spell before it counts calls (100 ms), so that the tier-up's calls count.</summary>
    private static readonly TimeSpan TieringDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the tier-up looks whether the runtime is still compiling (longer than its quiet spell), and how many looks at most.</summary>
    private static readonly TimeSpan CompilePoll = TimeSpan.FromMilliseconds(200);

    private const int MaxCompilePolls = 50;

    /// <summary>Dry kills per batch: above the runtime's call-count threshold (30).</summary>
    private const int RoundsPerBatch = 35;

    /// <summary>A batch after which the runtime compiled fewer methods than this promoted (nearly) nothing more: the tier-up is done.</summary>
    private const int QuietBatchCompiles = 5;

    private readonly TaskCompletionSource warmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource tierUpRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// At most this many dry kills in the tier-up, in batches of 35, each followed by the runtime's compiles, until a
    /// batch leads to (almost) no compile: with tiered PGO a hot method goes from tier 0 to an instrumented tier and
    /// then to tier 1, 30 calls each. The dry kill's key is paced at Bitget's 10 cancel-alls per second like any key, so
    /// three batches take about 11 s, nearly all of it idle.
    /// 0: no tier-up (tests that need the start-up reads and nothing running after them).
    /// </summary>
    internal int TierUpRounds { get; set; } = 175;

    /// <summary>Whether the tier-up ends at a batch that led to (almost) no compile; tests turn this off for a tier-up that never ends by itself.</summary>
    internal bool TierUpEndsWhenQuiet { get; set; } = true;

    /// <summary>Completes when the tier-up has run its first dry kill (tests: a real kill then arrives during it).</summary>
    internal Task TierUpRunning => tierUpRunning.Task;

    /// <summary>Completes when the dry kills and the reads are done (whatever their result): the tier-up may still run after it.</summary>
    public Task Warmed => warmed.Task;

    /// <summary>The accounts the configuration names: the webhook default and every flatten job's.</summary>
    public IReadOnlyList<string> ConfiguredAccounts() => Kill.ConfiguredAccounts.From(webhookOptions.Value, scheduleOptions.Value);

    /// <summary>The dry kill with verify (see <see cref="DryKill"/>): the reply document it produced, sent nowhere.</summary>
    public Task<CancelAllReply> RunDryKillAsync(CancellationToken cancellationToken)
    {
        using var dryKill = new DryKill(services, inputOptions);
        return dryKill.RunAsync(verify: true, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var dryKill = new DryKill(services, inputOptions);
        try
        {
            await WarmAsync(dryKill, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            warmed.TrySetResult();
        }

        await TierUpAsync(dryKill, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The dry kills and the reads side by side: the dry kills mostly compile, the reads mostly wait on the network
    /// (exchange, Key Vault), so on a second core the reads run while the dry kills compile. Done when both are.
    /// </summary>
    private async Task WarmAsync(DryKill dryKill, CancellationToken stoppingToken)
    {
        // On a pool thread: the reads' first steps (compiling and starting the requests) must not wait for the dry kills.
        var reads = Task.Run(() => ReadAsync(stoppingToken), CancellationToken.None);
        try
        {
            await DryKillsAsync(dryKill, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await reads.ConfigureAwait(false);
        }
    }

    private async Task DryKillsAsync(DryKill dryKill, CancellationToken stoppingToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var reply = await dryKill.RunAsync(verify: true, stoppingToken).ConfigureAwait(false);
            var withoutVerify = await dryKill.RunAsync(verify: false, stoppingToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogDryKill(logger, reply.Status + ", " + withoutVerify.Status, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, "the dry kill", e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>The exchange clock and every configured account's keys at once; each account's mode once its keys and the clock are there.</summary>
    private async Task ReadAsync(CancellationToken stoppingToken)
    {
        var clock = SyncClockAsync(stoppingToken);
        await Task.WhenAll(ConfiguredAccounts().Select(account => LoadAccountAsync(account, clock, stoppingToken))).ConfigureAwait(false);
        await clock.ConfigureAwait(false);
    }

    private async Task SyncClockAsync(CancellationToken stoppingToken)
    {
        try
        {
            await client.SyncClockAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, "exchange clock", e.GetType().Name);
        }
    }

    private async Task LoadAccountAsync(string account, Task clock, CancellationToken stoppingToken)
    {
        try
        {
            var keys = await credentials.GetAsync(account, stoppingToken).ConfigureAwait(false);
            LogAccountLoaded(logger, account);
            if (keys is not null)
            {
                // The mode read is signed: its timestamp should be the exchange's (a clock read that failed leaves the local one).
                await clock.ConfigureAwait(false);
                var mode = await apis.DetectAsync(account, keys, stoppingToken).ConfigureAwait(false);
                LogAccountMode(logger, account, mode);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, "account " + account, e.Message);
        }
    }

    private async Task TierUpAsync(DryKill dryKill, CancellationToken stoppingToken)
    {
        if (TierUpRounds == 0)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, arrivals.Arrived);
        var timeProvider = services.GetRequiredService<TimeProvider>();
        var started = Stopwatch.GetTimestamp();
        var compiledBefore = JitInfo.GetCompiledMethodCount();
        var rounds = 0;
        try
        {
            await Task.Delay(TieringDelay, timeProvider, stop.Token).ConfigureAwait(false);
            // Batches of calls, each followed by the runtime's compiles: a method may need two promotions (tier 0 →
            // instrumented → tier 1), each after its own 30 calls. Done when a batch leads to (almost) no compile.
            while (rounds < TierUpRounds && !stop.IsCancellationRequested)
            {
                var batchStart = JitInfo.GetCompiledMethodCount();
                for (var i = 0; i < RoundsPerBatch && rounds < TierUpRounds && !stop.IsCancellationRequested; i++, rounds++)
                {
                    await dryKill.RunAsync(verify: false, stop.Token).ConfigureAwait(false);
                    tierUpRunning.TrySetResult();
                }

                await CompilesDoneAsync(timeProvider, stop.Token).ConfigureAwait(false);
                if (TierUpEndsWhenQuiet && JitInfo.GetCompiledMethodCount() - batchStart < QuietBatchCompiles)
                {
                    break;
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopped (a dry kill cut short may end in any exception): said below.
        }
        catch (Exception e)
        {
            LogWarmUpFailed(logger, "the tier-up", e.GetType().Name + ": " + e.Message);
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var compiledMethods = JitInfo.GetCompiledMethodCount() - compiledBefore;
        var reason = arrivals.Arrived.IsCancellationRequested ? "a real kill arrived" : stoppingToken.IsCancellationRequested ? "the host is stopping" : null;
        if (reason is null)
        {
            LogTierUp(logger, rounds, elapsed, compiledMethods);
        }
        else
        {
            LogTierUpStopped(logger, rounds, elapsed, compiledMethods, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: two dry kills ran through the whole path in {Ms:0} ms ({Status}), answered in-process: nothing was sent to the exchange")]
    private static partial void LogDryKill(ILogger logger, string status, double ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: tier-up ran {Rounds} dry kills in {Ms:0} ms, answered in-process (nothing sent to the exchange); the runtime compiled {Methods} methods meanwhile, the kill path's hot ones optimised")]
    private static partial void LogTierUp(ILogger logger, int rounds, double ms, long methods);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: tier-up stopped after {Rounds} dry kills in {Ms:0} ms ({Methods} methods compiled meanwhile): {Reason}")]
    private static partial void LogTierUpStopped(ILogger logger, int rounds, double ms, long methods, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: keys of account {Account} loaded")]
    private static partial void LogAccountLoaded(ILogger logger, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up: account {Account} is in {Mode} mode")]
    private static partial void LogAccountMode(ILogger logger, string account, AccountMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up of {What} failed ({Problem}); the first request will try again")]
    private static partial void LogWarmUpFailed(ILogger logger, string what, string problem);

    /// <summary>The runtime compiles promoted methods on a background thread, after its quiet spell: wait until it adds none for one poll.</summary>
    private static async Task CompilesDoneAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        for (var polls = 0; polls < MaxCompilePolls; polls++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            await Task.Delay(CompilePoll, timeProvider, cancellationToken).ConfigureAwait(false);
            if (JitInfo.GetCompiledMethodCount() == compiled)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The dry kill: an alert through the whole webhook path (<see cref="WebhookHandler"/>, hold latch, workflow,
    /// pipeline, outcome, telemetry recorder, reply) and the reply document it produced, sent nowhere. Every part that
    /// could leave a trace is its own instance: loggers of a factory with no provider (the real logger types, so their
    /// code is compiled too, writing nowhere), a coalescer of its own (nothing joins a real request), a workflow that
    /// tells no one of its kills, the warm-up's key as the only credentials, metrics on a meter no exporter listens
    /// to, and a reply sender that keeps the reply in memory.
    /// </summary>
    private sealed class DryKill : IDisposable
    {
        private readonly LoggerFactory loggers = new();
        private readonly UnheardMeterFactory meters = new();
        private readonly InMemoryReplySender sender = new();
        private readonly WebhookHandler handler;

        public DryKill(IServiceProvider services, IOptions<InputOptions> inputOptions)
        {
            var timeProvider = services.GetRequiredService<TimeProvider>();
            var keys = new FixedCredentialsProvider(DryKillAccount, WarmUpAnswerHandler.Credentials);
            var pipeline = ActivatorUtilities.CreateInstance<KillPipeline>(services, keys, loggers.CreateLogger<KillPipeline>(), new CallCoalescer<KillKey, TargetOutcome>());
            var workflow = new CancelAllWorkflow(pipeline, timeProvider, loggers.CreateLogger<CancelAllWorkflow>());
            var hold = ActivatorUtilities.CreateInstance<HoldLatch>(services, workflow, loggers.CreateLogger<HoldLatch>());
            var publisher = new OutcomePublisher(new OutcomeRecorder(new CancelAllMetrics(meters), loggers.CreateLogger<OutcomeRecorder>()), sender, loggers.CreateLogger<OutcomePublisher>());
            handler = new WebhookHandler(hold, publisher, Options.Create(new WebhookOptions { Secrets = [DryKillSecret] }), inputOptions, timeProvider, loggers.CreateLogger<WebhookHandler>());
        }

        /// <param name="verify">With verify the read path runs too; without, the outcome of the common alert (orders only).</param>
        public async Task<CancelAllReply> RunAsync(bool verify, CancellationToken cancellationToken)
        {
            var body = $$"""{"account":"{{DryKillAccount}}","productType":"USDT-FUTURES","marginCoin":"USDT","verify":{{(verify ? "true" : "false")}},"reason":"start-up warm-up","secret":"{{DryKillSecret}}"}""";
            var request = new WebhookRequest(body, new Dictionary<string, string>(), new Dictionary<string, string>(), null);
            sender.Reply = null;
            var response = await handler.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            return sender.Reply ?? throw new InvalidOperationException($"The dry kill produced no reply (webhook status {response.StatusCode}).");
        }

        public void Dispose()
        {
            meters.Dispose();
            loggers.Dispose();
        }
    }

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
        public CancelAllReply? Reply { get; set; }

        public Task<ReplySendResult> SendAsync(CancelAllReply reply, ReplyContext context, CancellationToken cancellationToken)
        {
            Reply = reply;
            _ = JsonSerializer.SerializeToUtf8Bytes(reply, ReplyJsonContext.Default.CancelAllReply);
            return Task.FromResult(ReplySendResult.Disabled(string.Empty, ReplyMessageIds.For(context)));
        }
    }
}
