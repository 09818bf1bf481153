using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace CancelAll.Core.Tests.Kill;

public class WarmUpTests
{
    private const string Jobs = """[{"name":"eu","accounts":["main","hedge-sub1"],"sessionEnd":"17:30","timeZone":"Europe/London"}]""";

    [Fact]
    public async Task Start_up_reads_the_exchange_clock_and_loads_every_configured_account()
    {
        var provider = new Mock<ICredentialsProvider>();
        await using var harness = await ExchangeHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = Jobs },
            configure: s => s.AddSingleton(provider.Object).AddSingleton<WarmUp>());
        var warmUp = harness.Get<WarmUp>();
        warmUp.TierUpRounds = 2;

        await warmUp.StartAsync(default);
        await warmUp.ExecuteTask!;

        Assert.Equal(["main", "hedge-sub1"], warmUp.ConfiguredAccounts());
        Assert.Equal([BitgetClient.ServerTimePath], harness.Exchange.Received.Select(r => r.Path));
        provider.Verify(p => p.GetAsync("main", It.IsAny<CancellationToken>()), Times.Once);
        provider.Verify(p => p.GetAsync("hedge-sub1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Failures_are_logged_and_never_stop_the_host()
    {
        var provider = new Mock<ICredentialsProvider>();
        provider.Setup(p => p.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CredentialsException(CredentialsErrorKind.VaultUnavailable, "main", "bitget-main-api-key", "Key Vault unavailable."));
        await using var harness = await ExchangeHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["CancelAll:Exchange:BaseUrl"] = "http://127.0.0.1:9/", ["CancelAll:Exchange:MaxRetries"] = "0" },
            configure: s => s.AddSingleton(provider.Object).AddSingleton<WarmUp>());
        var warmUp = harness.Get<WarmUp>();
        warmUp.TierUpRounds = 2;

        await warmUp.StartAsync(default);
        await warmUp.ExecuteTask!;

        Assert.True(warmUp.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warm-up of exchange clock failed", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warm-up of account main failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reads_run_while_a_dry_kill_is_still_under_way_and_Warmed_waits_for_the_dry_kills()
    {
        // The dry kills' requests are held in front of their in-process answer; the account's mode is found by a read.
        var gate = new DryKillGate();
        await using var harness = await ExchangeHarness.StartAsync(
            settings: Slow(new Dictionary<string, string?> { [$"{ExchangeOptions.Section}:AccountModes:{ExchangeHarness.Account}"] = AccountModeSettings.Auto }),
            configure: s =>
            {
                s.AddSingleton<WarmUp>();
                s.AddHttpClient(ExchangeServiceCollectionExtensions.HttpClientName)
                    .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Insert(handlers.Count - 1, gate.NewHandler()));
            });
        var warmUp = harness.Get<WarmUp>();
        warmUp.TierUpRounds = 0;

        await warmUp.StartAsync(default);

        // While a dry kill waits, the reads run to their end: the clock, the account's keys and its mode.
        await Eventually.TrueAsync(() => gate.Held >= 1, "a dry kill's request is held");
        await Eventually.TrueAsync(() => harness.Logs.Lines.Any(l => l.Contains($"Warm-up: account {ExchangeHarness.Account} is in Classic mode", StringComparison.Ordinal)), "the account's mode was read");
        Assert.Equal([BitgetClient.ServerTimePath, BitgetEndpoints.V3AccountSettings], harness.Exchange.Received.Select(r => r.Path));
        Assert.False(warmUp.Warmed.IsCompleted);
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("Warm-up: two dry kills ran", StringComparison.Ordinal));

        gate.Open();
        // (A bound only so that a broken warm-up fails instead of hanging the run.)
        await warmUp.Warmed.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warm-up: two dry kills ran through the whole path", StringComparison.Ordinal) && l.Contains("(Succeeded, Succeeded)", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("Warm-up of", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Header("ACCESS-KEY") == WarmUpAnswerHandler.ApiKey);
    }

    [Fact]
    public async Task Warmed_waits_for_a_read_still_under_way_after_the_dry_kills()
    {
        await using var harness = await ExchangeHarness.StartAsync(
            settings: Slow(new Dictionary<string, string?> { [$"{ExchangeOptions.Section}:AccountModes:{ExchangeHarness.Account}"] = AccountModeSettings.Auto }),
            configure: s => s.AddSingleton<WarmUp>());
        var warmUp = harness.Get<WarmUp>();
        warmUp.TierUpRounds = 0;
        // The exchange takes the account's mode read but holds its answer.
        harness.Exchange.Faults.HoldAnswers();

        await warmUp.StartAsync(default);

        await Eventually.TrueAsync(() => harness.Exchange.Faults.HeldAnswers == 1, "the mode read's answer is held");
        await Eventually.TrueAsync(() => harness.Logs.Lines.Any(l => l.Contains("Warm-up: two dry kills ran", StringComparison.Ordinal)), "the dry kills are done");
        Assert.False(warmUp.Warmed.IsCompleted);

        harness.Exchange.Faults.ReleaseAnswers();
        await warmUp.Warmed.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains(harness.Logs.Lines, l => l.Contains($"Warm-up: account {ExchangeHarness.Account} is in Classic mode", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("Warm-up of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dry_kill_runs_the_whole_path_and_sends_nothing_to_the_exchange()
    {
        await using var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton<WarmUp>());
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 4);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CancelAllTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var warmUp = harness.Get<WarmUp>();
        // The whole start-up, its tier-up included (a few rounds: each repeats the same dry kill).
        warmUp.TierUpRounds = 3;

        var reply = await warmUp.RunDryKillAsync(default);
        await warmUp.StartAsync(default);
        await warmUp.ExecuteTask!;

        // (The warm-up's calls go to the configured exchange's address, so a span of theirs would carry its port.)
        // The whole path ran: the in-process cancel answer was parsed into the outcome, and verify read the (empty) list.
        Assert.Equal(WarmUp.DryKillAccount, reply.Account);
        var target = Assert.Single(reply.Targets);
        Assert.Equal(3, target.CancelledCount);
        Assert.Equal(["1", "2", "3"], target.Cancelled.Select(o => o.OrderId));
        Assert.Equal("Succeeded", reply.Status);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warm-up: two dry kills ran through the whole path", StringComparison.Ordinal) && l.Contains("(Succeeded, Succeeded)", StringComparison.Ordinal));
        Assert.Single(harness.Logs.Lines, l => l.Contains("Warm-up: tier-up ran 3 dry kills", StringComparison.Ordinal));

        // Nothing of the dry kill reached the exchange: only the start-up reads (clock, the account's mode), no POST,
        // never the warm-up's key; and the account's orders are all still there.
        Assert.All(harness.Exchange.Received, r => Assert.Equal("GET", r.Method));
        // (The harness sets the classic account's mode, so the start-up makes no detection read.)
        Assert.Equal([BitgetClient.ServerTimePath], harness.Exchange.Received.Select(r => r.Path));
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Header("ACCESS-KEY") == WarmUpAnswerHandler.ApiKey);
        Assert.Equal(4, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);

        // No trace a user could take for a kill: no kill log line, no outcome event, an exchange span only for each request the exchange really received.
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("Cancel-all ", StringComparison.Ordinal) || l.Contains(CancelAllTelemetry.OutcomeEventName, StringComparison.Ordinal));
        var port = harness.Exchange.BaseUri.Port;
        Assert.Equal(
            harness.Exchange.Received.Select(r => "Bitget GET " + r.Path).Order(),
            spans.Where(a => Equals(a.GetTagItem("server.port"), port)).Select(a => a.DisplayName).Order());
    }

    [Fact]
    public async Task The_dry_kill_goes_through_the_webhook_handler_and_counts_no_outcome_and_sends_no_reply()
    {
        var replies = new Mock<IReplySender>(MockBehavior.Strict);
        await using var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton(replies.Object).AddSingleton<WarmUp>());
        // The app's meters are the ones its service provider's IMeterFactory made: those are what an exporter reads.
        var appMeters = harness.Get<IMeterFactory>();
        var measurements = new ConcurrentQueue<string>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, appMeters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => measurements.Enqueue(instrument.Meter.Name + " " + instrument.Name));
        meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => measurements.Enqueue(instrument.Meter.Name + " " + instrument.Name));
        meters.Start();

        var reply = await harness.Get<WarmUp>().RunDryKillAsync(default);

        // The reply came out of the outcome publisher (the webhook path: source http, the outcome's correlation id) ...
        Assert.Equal("http", reply.Source);
        Assert.Equal(WarmUp.DryKillAccount, reply.Account);
        Assert.Equal("Succeeded", reply.Status);
        Assert.Equal(3, Assert.Single(reply.Targets).CancelledCount);

        // ... and went nowhere: the configured reply sender was never called (a strict mock throws on any call), none
        // of the app's instruments measured anything, no webhook, kill or outcome log line, no request reached the exchange.
        replies.VerifyNoOtherCalls();
        Assert.Empty(measurements);
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("Webhook ", StringComparison.Ordinal) || l.Contains("Cancel-all ", StringComparison.Ordinal));
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task A_real_kill_during_the_tier_up_runs_as_usual_and_stops_it()
    {
        await using var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton<WarmUp>());
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var warmUp = await StartEndlessTierUpAsync(harness); // only the real kill can stop it, and the kill must not wait for its end
        harness.Exchange.ClearReceived();

        var target = CancelTarget.Create(ProductType.UsdtFutures, "USDT", TradingEnvironment.Live);
        var outcome = await harness.Workflow.RunAsync(new CancelCommand(ExchangeHarness.Account, [target], CommandSource.Http, CancelCommand.NewCorrelationId()), default);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(2, outcome.CancelledCount);
        // (A bound only so that a broken stop fails instead of hanging the run.)
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(2));
        var stopped = Assert.Single(harness.Logs.Lines, l => l.Contains("Warm-up: tier-up stopped after", StringComparison.Ordinal));
        Assert.Contains("a real kill arrived", stopped, StringComparison.Ordinal);
        // The exchange saw the real kill and nothing of the tier-up, before or after it.
        Assert.Equal([BitgetEndpoints.V2CancelAllOrders], harness.SignedPaths);
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Header("ACCESS-KEY") == WarmUpAnswerHandler.ApiKey);
    }

    [Fact]
    public async Task The_host_stopping_stops_the_tier_up_and_it_sent_nothing()
    {
        await using var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton<WarmUp>());
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var warmUp = await StartEndlessTierUpAsync(harness);

        await warmUp.StopAsync(default);

        Assert.True(warmUp.ExecuteTask!.IsCompleted);
        var stopped = Assert.Single(harness.Logs.Lines, l => l.Contains("Warm-up: tier-up stopped after", StringComparison.Ordinal));
        Assert.Contains("the host is stopping", stopped, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Logs.Lines, l => l.Contains("Warm-up of", StringComparison.Ordinal));
        Assert.Equal([BitgetClient.ServerTimePath], harness.Exchange.Received.Select(r => r.Path));
        Assert.Equal(2, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
    }

    /// <summary>Timeouts far longer than any test waits: a held request must wait for the test, not time out under load.</summary>
    private static Dictionary<string, string?> Slow(Dictionary<string, string?> settings)
    {
        settings[$"{ExchangeOptions.Section}:AttemptTimeout"] = "00:05:00";
        settings[$"{ExchangeOptions.Section}:TotalTimeout"] = "00:05:00";
        return settings;
    }

    /// <summary>Starts the warm-up with a tier-up that never ends by itself, and returns once the tier-up runs.</summary>
    private static async Task<WarmUp> StartEndlessTierUpAsync(ExchangeHarness harness)
    {
        var warmUp = harness.Get<WarmUp>();
        warmUp.TierUpRounds = int.MaxValue;
        warmUp.TierUpEndsWhenQuiet = false;
        await warmUp.StartAsync(default);
        await warmUp.TierUpRunning;
        return warmUp;
    }

    /// <summary>Holds every request signed with the warm-up key (the dry kills') until <see cref="Open"/>; others pass.</summary>
    private sealed class DryKillGate
    {
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int held;

        public int Held => Volatile.Read(ref held);

        public void Open() => open.TrySetResult();

        public DelegatingHandler NewHandler() => new Handler(this);

        private sealed class Handler(DryKillGate gate) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (WarmUpAnswerHandler.IsWarmUp(request))
                {
                    Interlocked.Increment(ref gate.held);
                    await gate.open.Task.WaitAsync(cancellationToken);
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
