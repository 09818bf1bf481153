using System.Net;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Exchange;

/// <summary>
/// The keeper reads the exchange clock on its interval (its clock faked here and moved by hand; the client's timeouts
/// stay on the real one), over the connection the next kill goes on, and never sends anything signed.
/// </summary>
public sealed class ExchangeConnectionKeeperTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reads_the_exchange_clock_on_each_interval_over_the_connection_the_next_kill_uses()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        using var keeper = ActivatorUtilities.CreateInstance<ExchangeConnectionKeeper>(harness.Services, clock);
        await keeper.StartAsync(CancellationToken.None);

        Assert.Empty(ClockReads(harness)); // nothing before the first interval
        await AdvanceUntilAsync(clock, () => ClockReads(harness).Count >= 2, "two reads");

        var result = await harness.CancelAsync(ProductType.UsdtFutures, "USDT");
        await keeper.StopAsync(CancellationToken.None);

        Assert.Equal(2, result.Cancelled.Count);
        var reads = ClockReads(harness);
        Assert.True(reads.Count >= 2);
        Assert.All(reads, r => Assert.Equal(("GET", 200), (r.Method, r.Status)));
        Assert.All(reads, r => Assert.Null(r.Header("ACCESS-KEY"))); // public: no key, no signature
        var kill = Assert.Single(harness.SignedRequests); // the keeper sent nothing else
        Assert.NotNull(kill.ConnectionId);
        Assert.All(reads, r => Assert.Equal(kill.ConnectionId, r.ConnectionId)); // one kept connection, which the kill used
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Level >= LogLevel.Information && e.Category.EndsWith(nameof(ExchangeConnectionKeeper), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_read_is_logged_once_when_the_reads_start_failing_and_once_when_they_work_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Exchange:MaxRetries"] = "0" });
        harness.Exchange.Faults.FailNext(2, HttpStatusCode.ServiceUnavailable, at: new FaultTarget(BitgetEndpoints.ServerTime));
        using var keeper = ActivatorUtilities.CreateInstance<ExchangeConnectionKeeper>(harness.Services, clock);
        await keeper.StartAsync(CancellationToken.None);

        await AdvanceUntilAsync(clock, () => KeeperLines(harness).Any(e => e.Level == LogLevel.Information), "the line that says it works again");
        await keeper.StopAsync(CancellationToken.None);

        Assert.Equal([503, 503, 200], ClockReads(harness).Select(r => r.Status).Take(3));
        Assert.All(ClockReads(harness).Skip(2), r => Assert.Equal(200, r.Status));
        var lines = KeeperLines(harness);
        Assert.Equal([LogLevel.Warning, LogLevel.Information], lines.Select(e => e.Level)); // two failed reads, one warning
        Assert.Contains("read failed (ExchangeUnavailable)", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("new connection", lines[0].Message, StringComparison.Ordinal); // what it costs
    }

    [Fact]
    public async Task Off_reads_nothing_and_says_so_once()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Exchange:KeepWarmInterval"] = "00:00:00" });
        using var keeper = ActivatorUtilities.CreateInstance<ExchangeConnectionKeeper>(harness.Services);

        await keeper.StartAsync(CancellationToken.None);
        await keeper.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30)); // ends by itself: no loop left running

        Assert.True(keeper.ExecuteTask.IsCompletedSuccessfully);
        Assert.Empty(ClockReads(harness));
        var off = Assert.Single(KeeperLines(harness));
        Assert.Contains("KeepWarmInterval", off.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:01:30")]
    [InlineData("-00:00:20")]
    public async Task An_interval_the_pool_would_outlast_or_that_is_too_short_stops_start_up_with_the_setting_named(string value)
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Exchange:KeepWarmInterval"] = value });

        var e = Assert.Throws<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptions<ExchangeOptions>>().Value);

        Assert.Contains($"CancelAll:Exchange:KeepWarmInterval is {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)}", e.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:00 (off)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pool_keeps_an_idle_connection_longer_than_the_longest_interval_and_the_handler_is_never_rotated()
    {
        var services = new ServiceCollection().AddLogging().AddBitgetExchange(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).BuildServiceProvider();
        using var chain = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(ExchangeServiceCollectionExtensions.HttpClientName);

        HttpMessageHandler handler = chain;
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.True(sockets.PooledConnectionIdleTimeout > ExchangeConnection.MaxKeepWarmInterval, $"{sockets.PooledConnectionIdleTimeout}");
        Assert.Equal(ExchangeConnection.Lifetime, sockets.PooledConnectionLifetime); // DNS changes still reach the app
        var factoryOptions = services.GetRequiredService<IOptionsMonitor<Microsoft.Extensions.Http.HttpClientFactoryOptions>>().Get(ExchangeServiceCollectionExtensions.HttpClientName);
        Assert.Equal(Timeout.InfiniteTimeSpan, factoryOptions.HandlerLifetime); // a rotation would drop the pool, kept connection and all
    }

    /// <summary>
    /// Moves the app's clock on one interval at a time until <paramref name="condition"/> holds. The keeper starts its
    /// timer on a thread of its own (BackgroundService), so the test cannot know when the first interval begins.
    /// </summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition, string what)
    {
        for (var step = 0; step < 3000 && !condition(); step++)
        {
            clock.Advance(Interval);
            await Task.Delay(10);
        }

        Assert.True(condition(), $"Still not true after 3000 intervals: {what}.");
    }

    private static List<ReceivedRequest> ClockReads(ExchangeHarness harness) =>
        harness.Exchange.Received.Where(r => r.Path == BitgetEndpoints.ServerTime).ToList();

    private static List<LogEntry> KeeperLines(ExchangeHarness harness) =>
        harness.Logs.Entries.Where(e => e.Level >= LogLevel.Information && e.Category.EndsWith(nameof(ExchangeConnectionKeeper), StringComparison.Ordinal)).ToList();
}
