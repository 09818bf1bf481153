using Azure.Monitor.OpenTelemetry.Exporter;
using CancelAll.Core.Hold;
using CancelAll.Core.Telemetry;
using CancelAll.Core.Tests.DeadMan;
using CancelAll.Core.Tests.Hold;
using CancelAll.Core.Tests.Loopback;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;

namespace CancelAll.Core.Tests.Telemetry;

/// <summary>
/// A hold's records in Application Insights: the real Azure Monitor exporter pointed at a local ingestion endpoint, the
/// real core on the test exchange, the loopback Service Bus and Azurite. The hold's metric is process-wide, so this
/// runs alone.
/// </summary>
[Collection(ProcessWideTelemetry.Name)]
public sealed class HoldTelemetryTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Held = """{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":5,"correlationId":"hold-t"}""";

    [Fact]
    public async Task The_start_each_repeat_that_cancels_and_the_release_are_events_with_the_hold_id_and_a_repeat_with_nothing_only_a_metric()
    {
        await using var ingestion = await IngestionEndpoint.StartAsync();
        var exporter = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = ingestion.ConnectionString,
        }).Build();
        await using var harness = await HoldHarness.StartAsync(azurite, services: s => s.AddCancelAllAzureMonitor(exporter, ForTests));
        harness.Exchange.Get<MeterProvider>(); // outside a host, the metrics are listened to once their provider is built
        harness.Book.Place(1);

        await harness.SendAsync(Held, "req-1");
        var nothing = Assert.Single(await harness.NextRepeatAsync());
        harness.Book.Place(2);
        var found = Assert.Single(await harness.NextRepeatAsync());
        var release = await harness.PostAsync("""{"release":"hold-t"}""");
        Flush(harness.Exchange.Services);

        Assert.Equal(0, nothing.Outcome.CancelledCount);
        Assert.Equal(2, found.Outcome.CancelledCount);
        Assert.Equal(200, release.StatusCode);

        // Three events, each with the hold's id and what it is; the repeat's correlation id is its own.
        var events = ingestion.Events(CancelAllTelemetry.OutcomeEventName).ToList();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal("hold-t", IngestionEndpoint.Property(e, "holdId")));
        var phases = events.ToDictionary(e => IngestionEndpoint.Property(e, "holdPhase")!);
        Assert.Equal(["released", "repeat", "started"], phases.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("hold-t", "1"), (IngestionEndpoint.Property(phases["started"], "correlationId"), IngestionEndpoint.Property(phases["started"], "cancelledCount")));
        Assert.Equal((found.Outcome.CorrelationId, "2", "queue"), (IngestionEndpoint.Property(phases["repeat"], "correlationId"), IngestionEndpoint.Property(phases["repeat"], "cancelledCount"), IngestionEndpoint.Property(phases["repeat"], "source")));
        Assert.StartsWith("hold-t-hold-", found.Outcome.CorrelationId, StringComparison.Ordinal);
        Assert.Equal(found.Outcome.Hold!.Until.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), IngestionEndpoint.Property(phases["repeat"], "holdUntil"));
        Assert.Equal("Ignored", IngestionEndpoint.Property(phases["released"], "status"));
        Assert.All(events, e => Assert.Null(IngestionEndpoint.Property(e, "holdProblem")));

        // The repeat that found nothing: no event and no reply (as documented), only the metric and a Debug line.
        Assert.DoesNotContain(events, e => IngestionEndpoint.Property(e, "correlationId") == nothing.Outcome.CorrelationId);
        Assert.Equal(2, harness.Replies.Count(r => r.Hold is not null && r.Hold.Phase != "released"));
        var repeats = ingestion.Metrics(HoldMetrics.Repeats).ToList();
        Assert.Contains(repeats, m => IngestionEndpoint.Property(m, "result") == "nothing" && IngestionEndpoint.MetricValue(m) == 1);
        Assert.Contains(repeats, m => IngestionEndpoint.Property(m, "result") == "outcome" && IngestionEndpoint.MetricValue(m) == 1);

        // The summary line says the same facts.
        Assert.Single(harness.Exchange.Logs.Lines, l => l.Contains($"Cancel-all outcome {found.Outcome.CorrelationId}: Succeeded", StringComparison.Ordinal)
            && l.Contains("; hold hold-t repeat until ", StringComparison.Ordinal));
        Assert.Single(harness.Exchange.Logs.Lines, l => l.Contains("Cancel-all outcome hold-t: Succeeded", StringComparison.Ordinal) && l.Contains("; hold hold-t started until ", StringComparison.Ordinal));

        var credentials = harness.Exchange.Credentials;
        SecretScan.AssertNoSecrets(ingestion.Requests.Select(r => r.Body), credentials.Secret, credentials.Passphrase, HoldHarness.Token, ExchangeHarness.WebhookSecret);
    }

    [Fact]
    public async Task An_outcome_outside_a_hold_carries_no_hold_fields()
    {
        await using var ingestion = await IngestionEndpoint.StartAsync();
        var exporter = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = ingestion.ConnectionString,
        }).Build();
        await using var harness = await HoldHarness.StartAsync(azurite, services: s => s.AddCancelAllAzureMonitor(exporter, ForTests));
        harness.Book.Place(1);

        await harness.SendAsync("""{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"correlationId":"no-hold"}""", "req-1");
        Flush(harness.Exchange.Services);

        var single = Assert.Single(ingestion.Events(CancelAllTelemetry.OutcomeEventName));
        Assert.Equal("no-hold", IngestionEndpoint.Property(single, "correlationId"));
        Assert.All(new[] { "holdId", "holdPhase", "holdUntil", "holdProblem" }, name => Assert.Null(IngestionEndpoint.Property(single, name)));
        Assert.DoesNotContain(harness.Exchange.Logs.Lines, l => l.Contains("; hold ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hold_that_could_not_be_scheduled_says_so_in_the_event_and_the_summary_line()
    {
        await using var ingestion = await IngestionEndpoint.StartAsync();
        var exporter = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = ingestion.ConnectionString,
        }).Build();
        await using var harness = await HoldHarness.StartAsync(azurite, new Dictionary<string, string?> { ["CancelAll:Replies:MaxRetries"] = "0" }, s => s.AddCancelAllAzureMonitor(exporter, ForTests));
        harness.Book.Place(1);
        harness.Bus.FailWith = 503;

        var response = await harness.PostAsync(Held);
        Flush(harness.Exchange.Services);

        Assert.Equal(0, harness.Book.Open);
        var kill = Assert.Single(ingestion.Events(CancelAllTelemetry.OutcomeEventName));
        Assert.Equal(("hold-t", "started"), (IngestionEndpoint.Property(kill, "holdId"), IngestionEndpoint.Property(kill, "holdPhase")));
        Assert.Equal(response.Outcome!.Hold!.Problem, IngestionEndpoint.Property(kill, "holdProblem"));
        Assert.Contains("HTTP 503", IngestionEndpoint.Property(kill, "holdProblem"), StringComparison.Ordinal);
        Assert.Single(harness.Exchange.Logs.Lines, l => l.Contains("Cancel-all outcome hold-t: Succeeded", StringComparison.Ordinal) && l.Contains(", NOT scheduled", StringComparison.Ordinal));
    }

    private static void Flush(IServiceProvider services)
    {
        Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush(5000));
        Assert.True(services.GetRequiredService<LoggerProvider>().ForceFlush(5000));
    }

    private static void ForTests(AzureMonitorExporterOptions options)
    {
        options.DisableOfflineStorage = true;
        options.EnablePerformanceCounters = false;
        options.EnableStandardMetrics = false;
    }
}
