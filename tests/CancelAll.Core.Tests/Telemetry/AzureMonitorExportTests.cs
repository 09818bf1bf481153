using System.Text.Json.Nodes;
using Azure.Monitor.OpenTelemetry.Exporter;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Tests.Loopback;
using CancelAll.Core.Tests.Replies;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CancelAll.Core.Tests.Telemetry;

/// <summary>The real Azure Monitor exporter, pointed at a local ingestion endpoint from the connection string.</summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class AzureMonitorExportTests : IAsyncLifetime
{
    private IngestionEndpoint ingestion = null!;

    public async Task InitializeAsync() => ingestion = await IngestionEndpoint.StartAsync();

    public async Task DisposeAsync() => await ingestion.DisposeAsync();

    [Fact]
    public async Task Each_outcome_arrives_as_an_event_and_metrics_with_the_right_names_and_dimensions()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(logs))
            .AddCancelAllAzureMonitor(Configuration(ingestion.ConnectionString), ForTests)
            .AddCancelAllReplies(Configuration(null))
            .BuildServiceProvider();
        await using (services)
        {
            var meters = services.GetRequiredService<MeterProvider>();
            var tracer = services.GetRequiredService<TracerProvider>();
            var publisher = services.GetRequiredService<OutcomePublisher>();

            await publisher.PublishAsync(TestOutcomes.Succeeded(), ReplyContext.ForQueue("req-msg-1", "corr-succeeded"), CancellationToken.None);
            await publisher.PublishAsync(TestOutcomes.PartiallyFailed(), ReplyContext.ForHttp("corr-partial"), CancellationToken.None);
            await publisher.PublishAsync(TestOutcomes.Rejected(), ReplyContext.ForHttp("corr-rejected"), CancellationToken.None);

            Assert.True(meters.ForceFlush(5000));
            Assert.True(tracer.ForceFlush(5000));
            Assert.True(services.GetRequiredService<LoggerProvider>().ForceFlush(5000));
        }

        // Events: one per outcome, named CancelAllOutcome, with the outcome's fields as properties.
        var events = ingestion.Events(CancelAllTelemetry.OutcomeEventName).ToDictionary(e => IngestionEndpoint.Property(e, "correlationId")!);
        Assert.Equal(["corr-partial", "corr-rejected", "corr-succeeded"], events.Keys.Order(StringComparer.Ordinal));

        var succeeded = events["corr-succeeded"];
        Assert.Equal("cancel-all.outcome/v2", IngestionEndpoint.Property(succeeded, "schema"));
        Assert.Equal("Succeeded", IngestionEndpoint.Property(succeeded, "status"));
        Assert.Equal("queue", IngestionEndpoint.Property(succeeded, "source"));
        Assert.Equal("main", IngestionEndpoint.Property(succeeded, "account"));
        Assert.Equal("USDT-FUTURES", IngestionEndpoint.Property(succeeded, "product_types"));
        Assert.Equal("2", IngestionEndpoint.Property(succeeded, "cancelledCount"));
        Assert.Equal("0", IngestionEndpoint.Property(succeeded, "failedCount"));
        Assert.Equal("1", IngestionEndpoint.Property(succeeded, "retries"));
        Assert.Equal("req-msg-1", IngestionEndpoint.Property(succeeded, "requestMessageId"));
        Assert.Equal("412.5", IngestionEndpoint.Property(succeeded, "durationMs"));
        Assert.Null(IngestionEndpoint.Property(succeeded, "error_kind"));
        Assert.Null(IngestionEndpoint.Property(succeeded, CancelAllTelemetry.CustomEventNameAttribute));

        var partial = events["corr-partial"];
        Assert.Equal("PartiallyFailed", IngestionEndpoint.Property(partial, "status"));
        Assert.Equal("USDT-FUTURES/USDT,COIN-FUTURES/BTC", IngestionEndpoint.Property(partial, "product_types"));
        Assert.Equal("1", IngestionEndpoint.Property(partial, "failedCount"));
        Assert.Equal("OrdersNotCancelled", IngestionEndpoint.Property(partial, "error_kind"));
        Assert.Equal("22002", IngestionEndpoint.Property(partial, "error_code"));
        Assert.Equal("700", IngestionEndpoint.Property(partial, "exchange_duration_ms"));
        Assert.Equal("120", IngestionEndpoint.Property(partial, "rate_limit_wait_ms"));

        var rejected = events["corr-rejected"];
        Assert.Equal("Rejected", IngestionEndpoint.Property(rejected, "status"));
        Assert.Equal("BadInput", IngestionEndpoint.Property(rejected, "error_kind"));
        Assert.Equal("productType", IngestionEndpoint.Property(rejected, "error_code"));
        Assert.Equal("0", IngestionEndpoint.Property(rejected, "target_count"));

        // Metrics: outcome counts by status and source; orders by product type; latency histograms.
        var outcomes = ingestion.Metrics(CancelAllTelemetry.Metrics.Outcomes).Select(m => (IngestionEndpoint.Property(m, "status"), IngestionEndpoint.Property(m, "source"), IngestionEndpoint.MetricValue(m))).ToHashSet();
        Assert.Contains(("Succeeded", "queue", 1d), outcomes);
        Assert.Contains(("PartiallyFailed", "http", 1d), outcomes);
        Assert.Contains(("Rejected", "http", 1d), outcomes);

        var cancelled = ingestion.Metrics(CancelAllTelemetry.Metrics.OrdersCancelled).ToList();
        Assert.Contains(cancelled, m => IngestionEndpoint.Property(m, "product_type") == "USDT-FUTURES" && IngestionEndpoint.Property(m, "source") == "queue" && IngestionEndpoint.Property(m, "account") == "main" && IngestionEndpoint.MetricValue(m) == 2);
        var failed = ingestion.Metrics(CancelAllTelemetry.Metrics.OrdersFailed).ToList();
        Assert.Contains(failed, m => IngestionEndpoint.Property(m, "product_type") == "USDT-FUTURES" && IngestionEndpoint.Property(m, "status") == "PartiallyFailed" && IngestionEndpoint.MetricValue(m) == 1);
        var retries = ingestion.Metrics(CancelAllTelemetry.Metrics.ExchangeRetries).ToList();
        Assert.Contains(retries, m => IngestionEndpoint.Property(m, "product_type") == "COIN-FUTURES" && IngestionEndpoint.MetricValue(m) == 3);
        Assert.Contains(ingestion.Metrics(CancelAllTelemetry.Metrics.Duration), m => IngestionEndpoint.Property(m, "status") == "Rejected");
        Assert.NotEmpty(ingestion.Metrics(CancelAllTelemetry.Metrics.ExchangeDuration));
        Assert.NotEmpty(ingestion.Metrics(CancelAllTelemetry.Metrics.RateLimitWait));

        // The outcome's one log record is its event: the console prints its sentence, App Insights keeps it once, as the
        // custom event, not also as a trace.
        Assert.Single(logs.Lines, l => l.Contains("Cancel-all outcome corr-partial: PartiallyFailed", StringComparison.Ordinal));
        Assert.DoesNotContain(ingestion.OfType("MessageData"), m => IngestionEndpoint.BaseData(m)["message"]!.ToString().Contains("corr-partial", StringComparison.Ordinal));
        SecretScan.AssertNoSecrets(ingestion.Requests.Select(r => r.Body).Concat(logs.Lines), "hmac-secret-9f8e7d6c5b4a39281706", "pass-phrase-0001", "bg_hmac_key_0001");
        logs.Dispose();
    }

    [Fact]
    public async Task A_real_run_exports_the_exchange_dependency_the_event_and_a_lost_reply_without_any_secret()
    {
        var reply = await LoopbackServer.StartAsync((context, _) => { context.Response.StatusCode = 503; return Task.CompletedTask; }, https: true);
        await using var replyServer = reply;
        var credential = new FakeTokenCredential("fake-sb-token-0a1b2c3d4e");
        ExchangeHarness harness = await ExchangeHarness.StartAsync(configure: services =>
        {
            services.AddSingleton<Azure.Core.TokenCredential>(credential);
            services.AddCancelAllAzureMonitor(Configuration(ingestion.ConnectionString), ForTests);
            services.AddCancelAllReplies(Configuration(null), o =>
            {
                o.Endpoint = reply.BaseUri;
                o.Transport = new Azure.Core.Pipeline.HttpClientTransport(reply.CreateHandler());
                o.MaxRetries = 1;
                o.RetryDelay = TimeSpan.FromMilliseconds(10);
            });
        });
        PublishResult published;
        await using (harness)
        {
            harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 3);
            var meters = harness.Services.GetRequiredService<MeterProvider>();
            var tracer = harness.Services.GetRequiredService<TracerProvider>();
            var command = new CancelCommand(ExchangeHarness.Account, [CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live)], CommandSource.Queue, "corr-real-run");

            var outcome = await harness.Workflow.RunAsync(command, CancellationToken.None);
            published = await harness.Services.GetRequiredService<OutcomePublisher>().PublishAsync(outcome, ReplyContext.ForQueue("req-real", "corr-real-run"), CancellationToken.None);

            Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
            Assert.True(tracer.ForceFlush(5000));
            Assert.True(meters.ForceFlush(5000));
        }

        Assert.True(published.MustRedeliver);
        var dependency = Assert.Single(ingestion.OfType("RemoteDependencyData"), d => IngestionEndpoint.BaseData(d)["name"]!.ToString() == "Bitget POST /api/v2/mix/order/cancel-all-orders");
        Assert.Equal("00000", IngestionEndpoint.Property(dependency, "bitget.code"));
        Assert.Equal("1", IngestionEndpoint.Property(dependency, "attempts"));
        Assert.Equal("USDT-FUTURES", IngestionEndpoint.Property(dependency, "product_type"));
        Assert.Contains(ingestion.OfType("RemoteDependencyData"), d => IngestionEndpoint.BaseData(d)["name"]!.ToString() == "ServiceBus send cancel-replies");
        var outcomeEvent = Assert.Single(ingestion.Events(CancelAllTelemetry.OutcomeEventName));
        Assert.Equal("3", IngestionEndpoint.Property(outcomeEvent, "cancelledCount"));
        var lost = Assert.Single(ingestion.Events(CancelAllTelemetry.ReplyFailedEventName));
        Assert.Equal("503", IngestionEndpoint.Property(lost, "http.response.status_code"));
        Assert.Contains(ingestion.Metrics(CancelAllTelemetry.Metrics.RepliesFailed), m => IngestionEndpoint.Property(m, "source") == "queue");

        var captured = ingestion.Requests.Select(r => r.Body)
            .Concat(harness.Logs.Lines)
            .Concat(reply.Requests.SelectMany(r => r.Headers.Where(h => h.Key != "Authorization").Select(h => h.Value).Append(r.Body)))
            .ToList();
        SecretScan.AssertNoSecrets(captured, harness.Credentials.Secret, harness.Credentials.Passphrase, harness.Credentials.ApiKey, credential.Token);
    }

    [Fact]
    public async Task The_connection_keepers_reads_export_nothing_while_a_clock_sync_exports_its_dependency()
    {
        ExchangeHarness harness = await ExchangeHarness.StartAsync(configure: services => services.AddCancelAllAzureMonitor(Configuration(ingestion.ConnectionString), ForTests));
        await using (harness)
        {
            var tracer = harness.Services.GetRequiredService<TracerProvider>();
            for (var read = 0; read < 3; read++)
            {
                await harness.Client.KeepConnectionAsync(CancellationToken.None);
            }

            await harness.Client.SyncClockAsync(CancellationToken.None); // the same read, recorded: shows what the keeper's would look like
            Assert.True(tracer.ForceFlush(5000));
        }

        Assert.Equal(4, harness.Exchange.Received.Count(r => r.Path == BitgetEndpoints.ServerTime));
        var clockReads = ingestion.OfType("RemoteDependencyData").Where(d => IngestionEndpoint.BaseData(d).ToString().Contains(BitgetEndpoints.ServerTime, StringComparison.Ordinal)).ToList();
        // One sync's two (the HttpClient instrumentation's and ours); the keeper's three reads added none of either.
        Assert.Equal(
            ["Bitget GET " + BitgetEndpoints.ServerTime, "GET " + BitgetEndpoints.ServerTime],
            clockReads.Select(d => IngestionEndpoint.BaseData(d)["name"]!.ToString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Level >= LogLevel.Information && e.Message.StartsWith("Kept the exchange connection", StringComparison.Ordinal)); // Debug only
    }

    [Fact]
    public async Task With_Entra_authentication_ingestion_carries_a_token_from_the_registered_credential()
    {
        await using var secure = await IngestionEndpoint.StartAsync(https: true);
        var credential = new FakeTokenCredential("fake-monitor-token-77aa");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = secure.ConnectionString,
            [TelemetryServiceCollectionExtensions.AuthenticationStringSetting] = "Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000001",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<Azure.Core.TokenCredential>(credential)
            .AddCancelAllAzureMonitor(config, o =>
            {
                ForTests(o);
                o.Transport = new Azure.Core.Pipeline.HttpClientTransport(secure.CreateHandler());
            })
            .BuildServiceProvider();
        await using (services)
        {
            var meters = services.GetRequiredService<MeterProvider>();
            services.GetRequiredService<OutcomeRecorder>().Record(TestOutcomes.Succeeded(), ReplyContext.ForHttp("corr-aad"));
            Assert.True(meters.ForceFlush(5000));
        }

        Assert.NotEmpty(secure.Metrics(CancelAllTelemetry.Metrics.Outcomes));
        Assert.All(secure.Requests, r => Assert.Equal("Bearer " + credential.Token, r.Header("Authorization")));
        Assert.Contains(credential.Scopes, s => s.StartsWith("https://monitor.azure.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_connection_string_nothing_is_exported()
    {
        using var services = new ServiceCollection().AddCancelAllAzureMonitor(Configuration(null)).BuildServiceProvider();

        Assert.Null(services.GetService<TracerProvider>());
        Assert.Null(services.GetService<MeterProvider>());
    }

    private static void ForTests(AzureMonitorExporterOptions options)
    {
        options.DisableOfflineStorage = true;
        options.EnablePerformanceCounters = false;
        options.EnableStandardMetrics = false;
    }

    private static IConfiguration Configuration(string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = connectionString,
        }).Build();
}

/// <summary>
/// The exporter listens to the process-wide "CancelAll" ActivitySource and Meter: tests that count what it exported
/// must not run beside tests that make exchange calls of their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetry
{
    public const string Name = "Process-wide telemetry";
}
