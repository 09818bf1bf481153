using Azure.Core;
using Azure.Core.Pipeline;
using CancelAll.Core.Hold;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.DeadMan;
using CancelAll.Core.Tests.Loopback;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Hold;

/// <summary>
/// The real core on the test exchange, with holds on: repeats and replies go to a loopback Service Bus
/// (<see cref="FakeScheduledMessages"/>, HTTPS, bearer token), hold rows to a fresh table in Azurite. One fake clock drives the
/// app and the exchange (signed timestamps stay valid when a test moves a minute on). <see cref="Restart"/> builds a
/// new app over the same queue, table and exchange.
/// </summary>
public sealed class HoldHarness : IAsyncDisposable
{
    public const string RequestQueue = "cancel-requests";
    public const string ReplyQueue = "cancel-replies";
    public const string Token = "fake-sb-token-hold-7c1d";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private readonly Action<IServiceCollection>? services;

    private HoldHarness(ExchangeHarness exchange, FakeScheduledMessages bus, FakeTimeProvider clock, Action<IServiceCollection>? services)
    {
        Exchange = exchange;
        Bus = bus;
        Clock = clock;
        this.services = services;
    }

    public ExchangeHarness Exchange { get; }

    public FakeScheduledMessages Bus { get; }

    public FakeTimeProvider Clock { get; }

    public OrderCount Book => new(Exchange);

    /// <param name="services">More registrations for the app (and its restarts), e.g. a telemetry exporter.</param>
    public static async Task<HoldHarness> StartAsync(Azurite azurite, IDictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? services = null)
    {
        var bus = await FakeScheduledMessages.StartAsync();
        // A few seconds into an interval, not wherever the real clock is: tests that advance the clock by seconds and
        // expect one interval (one slot, one scheduled repeat) would otherwise cross a boundary now and then.
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(now - TimeSpan.FromTicks(now.UtcTicks % Interval.Ticks) + TimeSpan.FromSeconds(5));
        var settings = new Dictionary<string, string?>
        {
            ["CancelAll:Hold:Queue"] = RequestQueue,
            ["CancelAll:Hold:Interval"] = Interval.ToString(),
            ["CancelAll:Hold:TableConnectionString"] = azurite.ConnectionString,
            ["CancelAll:Hold:TableName"] = "hold" + Guid.NewGuid().ToString("N")[..12],
            ["CancelAll:Replies:Endpoint"] = bus.Server.BaseUri.ToString(),
            ["CancelAll:Replies:Queue"] = ReplyQueue,
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var exchange = await ExchangeHarness.StartAsync(settings: settings, exchangeOptions: new TestExchangeOptions { TimeProvider = clock }, configure: s => Configure(s, bus, clock, services));
        return new HoldHarness(exchange, bus, clock, services);
    }

    /// <summary>The app again, from nothing but its settings: what a restart (or another instance) sees.</summary>
    public ServiceProvider Restart() => Exchange.Restart(s => Configure(s, Bus, Clock, services));

    public QueueHandler Queue(IServiceProvider? app = null) => (app ?? Exchange.Services).GetRequiredService<QueueHandler>();

    public WebhookHandler Webhook => Exchange.Get<WebhookHandler>();

    public Task<QueueResult> SendAsync(string body, string messageId, IServiceProvider? app = null) =>
        Queue(app).HandleAsync(new QueueMessage(body, messageId, null, null, null, 1), CancellationToken.None);

    public Task<WebhookResponse> PostAsync(string body) =>
        Webhook.HandleAsync(new WebhookRequest(body, new Dictionary<string, string>(), new Dictionary<string, string> { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret }, null), CancellationToken.None);

    /// <summary>Moves the clock to the next scheduled repeat and delivers every message then due, as the trigger would.</summary>
    public async Task<IReadOnlyList<QueueResult>> NextRepeatAsync(IServiceProvider? app = null)
    {
        var next = Bus.Pending(RequestQueue).Min(m => m.ScheduledAt) ?? throw new InvalidOperationException("No repeat is scheduled.");
        if (next > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(next);
        }

        var results = new List<QueueResult>();
        foreach (var message in Bus.TakeDue(RequestQueue, Clock.GetUtcNow()))
        {
            results.Add(await DeliverAsync(message, app));
        }

        return results;
    }

    public Task<QueueResult> DeliverAsync(FakeMessage message, IServiceProvider? app = null, int deliveryCount = 1)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Queue(app).HandleAsync(new QueueMessage(message.Body, message.MessageId, null, null, null, deliveryCount), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The replies on the reply queue, parsed.</summary>
    public IReadOnlyList<CancelAllReply> Replies => [.. Bus.Messages(ReplyQueue).Select(m => ReplyJsonContext.Deserialize(m.Body)!)];

    public int SignedPosts => Exchange.SignedRequests.Count(r => r.Method == "POST");

    public async ValueTask DisposeAsync()
    {
        await Exchange.DisposeAsync();
        await Bus.DisposeAsync();
    }

    private static void Configure(IServiceCollection services, FakeScheduledMessages bus, FakeTimeProvider clock, Action<IServiceCollection>? more)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<TokenCredential>(new FakeTokenCredential(Token));
        services.Configure<ReplyOptions>(o => o.Transport = new HttpClientTransport(bus.Server.CreateHandler()));
        more?.Invoke(services);
    }

    /// <summary>Open orders on the test account's book.</summary>
    public sealed class OrderCount(ExchangeHarness exchange)
    {
        public int Open => exchange.Exchange.Book(exchange.Credentials.ApiKey).OpenOrders.Count;

        public void Place(int count, string productType = "USDT-FUTURES", string coin = "USDT") =>
            exchange.Exchange.AddOrders(exchange.Credentials.ApiKey, productType, coin, count);
    }
}
