using System.Globalization;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.DeadMan;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Hold;

/// <summary>
/// <c>holdMinutes</c> from every webhook source (Alertmanager and Grafana labels or annotations, TradingView's JSON,
/// the query), through the real handler, the test exchange, the loopback Service Bus and Azurite.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class HoldSourceTests(Azurite azurite)
{
    private static readonly Dictionary<string, string> Bearer = new() { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret };

    [Fact]
    public async Task Grouped_alerts_hold_every_target_of_the_command_for_the_longest_length_asked()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);
        var start = harness.Clock.GetUtcNow();

        // One alert asks 10 minutes by label, one 30 by annotation, the third asks nothing.
        var response = await PostAsync(harness, Alertmanager(
            Alert("USDT-FUTURES", labels: "\"hold_minutes\":\"10\""),
            Alert("USDC-FUTURES", annotations: "\"hold_minutes\":\"30\""),
            Alert("COIN-FUTURES", labels: "\"margin_coin\":\"BTC\"")));

        Assert.Equal(200, response.StatusCode);
        var outcome = response.Outcome!;
        Assert.Equal(3, outcome.Targets.Count);
        Assert.Equal(new OutcomeHold(outcome.CorrelationId, start.AddMinutes(30), HoldPhases.Started), outcome.Hold);
        Assert.Equal(3, harness.Bus.Pending(HoldHarness.RequestQueue).Count); // one chain of repeats per target
        Assert.Equal(0, harness.Book.Open);

        // The alert that asked nothing is held too: its target's new order goes at the next repeat.
        harness.Book.Place(2, "COIN-FUTURES", "BTC");
        var repeats = await harness.NextRepeatAsync();
        var found = Assert.Single(repeats, r => r.Outcome.CancelledCount > 0);
        Assert.Equal((2, outcome.CorrelationId, HoldPhases.Repeat), (found.Outcome.CancelledCount, found.Outcome.Hold!.Id, found.Outcome.Hold.Phase));
        Assert.Equal(0, harness.Book.Open);
    }

    [Fact]
    public async Task A_hold_table_that_refuses_the_key_is_named_in_the_outcome_with_what_to_fix_and_the_kill_still_runs()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 64).ToArray());
        var settings = new Dictionary<string, string?>
        {
            ["CancelAll:Hold:TableConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};TableEndpoint=http://127.0.0.1:{azurite.Port}/devstoreaccount1;",
        };
        await using var harness = await HoldHarness.StartAsync(azurite, settings);
        harness.Book.Place(1);

        var response = await PostAsync(harness, Grafana("\"hold-minutes\":\"15\""));

        // The kill ran; the hold did not start, and its problem is the table client's own diagnosis, not a generic hint.
        Assert.Equal(0, harness.Book.Open);
        var problem = response.Outcome!.Hold!.Problem;
        Assert.NotNull(problem);
        Assert.Contains("the account key was refused", problem, StringComparison.Ordinal);
        Assert.Contains("CancelAll:Hold:TableConnectionString", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, response.Body, StringComparison.Ordinal);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task A_Grafana_label_starts_a_hold()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var start = harness.Clock.GetUtcNow();

        var response = await PostAsync(harness, Grafana("\"hold-minutes\":\"15\""));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal((start.AddMinutes(15), HoldPhases.Started), (response.Outcome!.Hold!.Until, response.Outcome.Hold.Phase));
        Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        Assert.Contains("\"phase\":\"started\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TradingView_JSON_alert_starts_a_hold_with_the_secret_in_the_body_and_holdMinutes_as_text()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);
        var start = harness.Clock.GetUtcNow();

        // TradingView cannot set headers: the secret is in the body, and a {{placeholder}} makes every value a string.
        var body = $$"""{"secret":"{{ExchangeHarness.WebhookSecret}}","account":"main","productType":"USDT-FUTURES","holdMinutes":"20","reason":"{{"{{strategy.order.comment}}"}}"}""";
        var response = await harness.Webhook.HandleAsync(new WebhookRequest(body, new Dictionary<string, string>(), new Dictionary<string, string>(), null), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(start.AddMinutes(20), response.Outcome!.Hold!.Until);
        Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));
        Assert.Equal(0, harness.Book.Open);
    }

    [Fact]
    public async Task A_hold_in_the_query_holds_the_alerts_of_that_receiver()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var start = harness.Clock.GetUtcNow();

        var response = await PostAsync(harness, Alertmanager(Alert("USDT-FUTURES")), new Dictionary<string, string> { ["hold_minutes"] = "45" });

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(start.AddMinutes(45), response.Outcome!.Hold!.Until);
    }

    public static TheoryData<string, string> InvalidHolds => new()
    {
        { Alertmanager(Alert("USDT-FUTURES", labels: "\"hold_minutes\":\"241\"")), "holdMinutes 241 is out of range: give a whole number of minutes from 1 to 240" },
        { Alertmanager(Alert("USDT-FUTURES", annotations: "\"holdMinutes\":\"0\"")), "holdMinutes 0 is out of range: give a whole number of minutes from 1 to 240" },
        { Alertmanager(Alert("USDT-FUTURES", labels: "\"hold_minutes\":\"1.5\"")), "holdMinutes '1.5' is out of range: give a whole number of minutes from 1 to 240" },
        { Grafana("\"hold_minutes\":\"ten\""), "holdMinutes 'ten' is out of range: give a whole number of minutes from 1 to 240" },
        { Alertmanager(Alert("USDT-FUTURES", labels: "\"hold_minutes\":\"10\"", annotations: "\"hold_minutes\":\"20\"")), "holdMinutes is given twice for one alert, as label (10) and annotation (20): keep one." },
        { $$"""{"secret":"{{ExchangeHarness.WebhookSecret}}","account":"main","holdMinutes":"soon"}""", "holdMinutes 'soon' is out of range" },
    };

    [Theory]
    [MemberData(nameof(InvalidHolds))]
    public async Task An_invalid_hold_from_any_source_is_a_400_naming_the_field_and_nothing_is_cancelled(string body, string message)
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);

        var response = await PostAsync(harness, body);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(OutcomeErrorKind.BadInput, response.Outcome!.Error!.Kind);
        Assert.Equal("holdMinutes", response.Outcome.Error.Code);
        Assert.Contains(message, response.Outcome.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Book.Open);
        Assert.Equal(0, harness.SignedPosts);
        Assert.Empty(harness.Bus.Pending(HoldHarness.RequestQueue));
    }

    [Theory]
    [InlineData("query")]
    [InlineData("another alert's label")]
    public async Task A_dry_run_anywhere_with_a_hold_from_an_alert_starts_no_hold_and_cancels_nothing(string where)
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);
        var held = Alert("USDT-FUTURES", labels: "\"hold_minutes\":\"10\"");
        var (body, query) = where == "query"
            ? (Alertmanager(held), new Dictionary<string, string> { ["dryRun"] = "true" })
            : (Alertmanager(held, Alert("USDC-FUTURES", labels: "\"dry_run\":\"true\"")), new Dictionary<string, string>());

        var response = await PostAsync(harness, body, query);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("cannot be combined with a dry run", response.Outcome!.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Book.Open);
        Assert.Equal(0, harness.SignedPosts);
        Assert.Empty(harness.Bus.Messages(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task A_dry_run_queue_message_with_a_hold_is_rejected_and_starts_no_hold()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        harness.Book.Place(1);

        var result = await harness.SendAsync("""{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"holdMinutes":"10","dryRun":"true"}""", "req-dry");

        Assert.Equal(OutcomeStatus.Rejected, result.Outcome.Status);
        Assert.Equal("holdMinutes", result.Outcome.Error!.Code);
        Assert.Null(result.Outcome.Hold);
        Assert.Equal(1, harness.Book.Open);
        Assert.Equal(0, harness.SignedPosts);
        Assert.Empty(harness.Bus.Messages(HoldHarness.RequestQueue));
    }

    [Fact]
    public async Task A_resolved_alert_neither_starts_nor_releases_a_hold()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var firing = Alertmanager(Alert("USDT-FUTURES", labels: "\"hold_minutes\":\"10\""));
        var started = await PostAsync(harness, firing);
        Assert.Equal(HoldPhases.Started, started.Outcome!.Hold!.Phase);
        var posts = harness.SignedPosts;

        var resolved = await PostAsync(harness, firing.Replace("\"firing\"", "\"resolved\"", StringComparison.Ordinal));

        Assert.Equal(200, resolved.StatusCode);
        Assert.Equal(OutcomeStatus.Ignored, resolved.Outcome!.Status);
        Assert.Null(resolved.Outcome.Hold);
        Assert.Equal(posts, harness.SignedPosts);
        Assert.Single(harness.Bus.Pending(HoldHarness.RequestQueue));

        // The hold goes on: the runaway bot's order is cancelled at the next repeat.
        harness.Book.Place(1);
        var repeat = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal((1, started.Outcome.CorrelationId), (repeat.Outcome.CancelledCount, repeat.Outcome.Hold!.Id));
    }

    [Fact]
    public async Task A_release_label_on_an_alert_is_an_ordinary_label_the_alert_kills_and_ends_no_hold()
    {
        await using var harness = await HoldHarness.StartAsync(azurite);
        var held = await PostAsync(harness, Alertmanager(Alert("USDT-FUTURES", annotations: "\"hold_minutes\":\"10\"")));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        harness.Book.Place(1);

        // kube-prometheus-stack puts release="<helm release>" on every series, so alerts carry it.
        var response = await PostAsync(harness, Alertmanager(Alert("USDT-FUTURES", labels: "\"release\":\"kube-prometheus-stack\"")));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal((OutcomeStatus.Succeeded, 1), (response.Outcome!.Status, response.Outcome.CancelledCount));
        Assert.Null(response.Outcome.Hold);
        harness.Book.Place(1);
        var repeat = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal((1, held.Outcome!.CorrelationId), (repeat.Outcome.CancelledCount, repeat.Outcome.Hold!.Id));
    }

    [Fact]
    public async Task A_timer_job_with_holdMinutes_holds_the_account_after_the_session_end()
    {
        // The session ended a minute ago (UTC), so this run is due.
        var clock = DateTimeOffset.UtcNow;
        var sessionEnd = clock.AddMinutes(-1).ToString("HH:mm", CultureInfo.InvariantCulture);
        var jobs = $$"""[{"name":"close","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"{{sessionEnd}}","timeZone":"UTC","days":"daily","holdMinutes":30}]""";
        await using var harness = await HoldHarness.StartAsync(azurite, new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = jobs });
        harness.Book.Place(2);

        var outcome = Assert.Single(await harness.Exchange.Get<ScheduleHandler>().RunAsync(previousRun: null, isPastDue: false, CancellationToken.None));

        Assert.Equal((OutcomeStatus.Succeeded, 2), (outcome.Status, outcome.CancelledCount));
        Assert.StartsWith("flatten-close-main-", outcome.CorrelationId, StringComparison.Ordinal);
        Assert.Equal(new OutcomeHold(outcome.CorrelationId, harness.Clock.GetUtcNow().AddMinutes(30), HoldPhases.Started), outcome.Hold);
        harness.Book.Place(1);
        var repeat = Assert.Single(await harness.NextRepeatAsync());
        Assert.Equal((1, outcome.CorrelationId), (repeat.Outcome.CancelledCount, repeat.Outcome.Hold!.Id));
    }

    private static Task<WebhookResponse> PostAsync(HoldHarness harness, string body, Dictionary<string, string>? query = null) =>
        harness.Webhook.HandleAsync(new WebhookRequest(body, query ?? [], Bearer, null), CancellationToken.None);

    private static string Alert(string productType, string? labels = null, string? annotations = null) => $$"""
        {
          "status": "firing",
          "labels": { "alertname": "Runaway", "account": "main", "product_type": "{{productType}}"{{(labels is null ? "" : ", " + labels)}} },
          "annotations": { "summary": "bot places orders after the kill"{{(annotations is null ? "" : ", " + annotations)}} },
          "startsAt": "2026-11-30T10:00:00Z",
          "endsAt": "0001-01-01T00:00:00Z",
          "fingerprint": "{{productType}}"
        }
        """;

    private static string Alertmanager(params string[] alerts) => $$"""
        {
          "version": "4",
          "groupKey": "{}:{account=\"main\"}",
          "status": "firing",
          "receiver": "kill-and-hold",
          "groupLabels": { "account": "main" },
          "commonLabels": { "alertname": "Runaway", "account": "main" },
          "commonAnnotations": {},
          "externalURL": "http://alertmanager:9093",
          "alerts": [{{string.Join(",", alerts)}}]
        }
        """;

    private static string Grafana(string labels) => $$"""
        {
          "receiver": "kill-and-hold",
          "status": "firing",
          "orgId": 1,
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "Runaway", "account": "main", "productType": "USDT-FUTURES", "grafana_folder": "Trading", {{labels}} },
              "annotations": { "summary": "bot places orders after the kill" },
              "startsAt": "2026-11-30T10:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "fingerprint": "57c6d9296de2ad39"
            }
          ],
          "groupLabels": { "alertname": "Runaway" },
          "commonLabels": { "alertname": "Runaway", "account": "main" },
          "commonAnnotations": {},
          "externalURL": "http://grafana/",
          "version": "1",
          "groupKey": "{}:{alertname=\"Runaway\"}",
          "truncatedAlerts": 0,
          "title": "[FIRING:1] Runaway",
          "state": "alerting",
          "message": "bot places orders after the kill"
        }
        """;
}
