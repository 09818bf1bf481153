using CancelAll.Core.DeadMan;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>
/// The real core on the test exchange (<see cref="ExchangeHarness"/>) plus the dead-man's switch on a fresh table in
/// Azurite. The clock is fake (started at the real time, so signed timestamps stay within Bitget's window) and replies
/// are captured at the reply sender, the seam every trigger publishes through.
/// </summary>
public sealed class DeadManHarness : IAsyncDisposable
{
    public const string Secret = "hb-secret-main-0123456789";
    public const string OtherSecret = "hb-secret-hedge-9876543210";

    private readonly List<CancelAllReply> replies = [];

    private DeadManHarness(ExchangeHarness exchange, FakeTimeProvider clock, string tableName)
    {
        Exchange = exchange;
        Clock = clock;
        TableName = tableName;
    }

    public ExchangeHarness Exchange { get; }

    public FakeTimeProvider Clock { get; }

    public string TableName { get; }

    public IReadOnlyList<CancelAllReply> Replies
    {
        get
        {
            lock (replies)
            {
                return [.. replies];
            }
        }
    }

    public HeartbeatHandler Heartbeats => Exchange.Get<HeartbeatHandler>();

    public LapseHandler Lapses => Exchange.Get<LapseHandler>();

    public HeartbeatStore Store => Exchange.Get<HeartbeatStore>();

    public static async Task<DeadManHarness> StartAsync(
        Azurite azurite,
        string accounts = """[{"account":"main","productTypes":["USDT-FUTURES"]},{"account":"hedge","productTypes":["USDT-FUTURES"]}]""",
        Action<IServiceCollection>? configure = null,
        IDictionary<string, string?>? extraSettings = null,
        AccountMode mode = AccountMode.Classic,
        bool shareClockWithExchange = false)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tableName = "hb" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["CancelAll:DeadMan:Accounts"] = accounts,
            ["CancelAll:DeadMan:Secrets"] = $"main:{Secret},hedge:{OtherSecret}",
            ["CancelAll:DeadMan:TableConnectionString"] = azurite.ConnectionString,
            ["CancelAll:DeadMan:TableName"] = tableName,
            ["CancelAll:Flatten:VerifyDeadline"] = "00:00:03",
            ["CancelAll:Flatten:VerifyInterval"] = "00:00:00.050",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        DeadManHarness? created = null;
        var sender = new Mock<IReplySender>();
        sender.Setup(s => s.SendAsync(It.IsAny<CancelAllReply>(), It.IsAny<ReplyContext>(), It.IsAny<CancellationToken>()))
            .Callback<CancelAllReply, ReplyContext, CancellationToken>((reply, _, _) =>
            {
                lock (created!.replies)
                {
                    created.replies.Add(reply);
                }
            })
            .ReturnsAsync((CancelAllReply _, ReplyContext c, CancellationToken _) => new ReplySendResult(ReplySendStatus.Sent, "cancel-replies", ReplyMessageIds.For(c), null, 201, 1));
        // The exchange keeps its real clock unless a test needs its timers (the countdown) on the fake one: its per-key
        // request limit counts by its clock, and a frozen clock would crowd a whole flatten into one instant.
        var exchangeOptions = shareClockWithExchange ? new TestExchangeOptions { TimeProvider = clock } : null;
        var exchange = await ExchangeHarness.StartAsync(settings: settings, exchangeOptions: exchangeOptions, mode: mode, configure: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(sender.Object);
            services.AddCancelAllDeadMan(configuration);
            configure?.Invoke(services);
        });
        created = new DeadManHarness(exchange, clock, tableName);
        return created;
    }

    public static WebhookRequest Request(string body, string? secret = Secret) => new(
        body,
        new Dictionary<string, string>(),
        secret is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = "Bearer " + secret },
        "203.0.113.7");

    public Task<HeartbeatResponse> BeatAsync(string account = "main", int timeoutSeconds = 10, string? scope = null, string secret = Secret) =>
        Heartbeats.HandleAsync(
            Request($$"""{"account":"{{account}}","timeoutSeconds":{{timeoutSeconds}}{{(scope is null ? string.Empty : $",\"scope\":\"{scope}\"")}}}""", secret),
            CancellationToken.None);

    /// <summary>
    /// One timer run. Bounded in real time: with the fake clock a verify pause would wait forever, so a regression that
    /// leaves something behind fails here instead of hanging the suite.
    /// </summary>
    public Task<IReadOnlyList<CancelOutcome>> RunLapsesAsync(LapseHandler? handler = null) =>
        (handler ?? Lapses).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
