using System.Net;
using System.Text.Json;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Input;

public class WebhookHandlerTests
{
    private const string Secret = ExchangeHarness.WebhookSecret;

    private static WebhookRequest Request(string? body, Dictionary<string, string>? headers = null, Dictionary<string, string>? query = null) =>
        new(body, query ?? [], headers ?? [], "203.0.113.7");

    private static Dictionary<string, string> Bearer(string secret = Secret) => new() { ["Authorization"] = "Bearer " + secret };

    private static async Task<(ExchangeHarness Harness, WebhookHandler Handler)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var harness = await ExchangeHarness.StartAsync(settings: settings);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "COIN-FUTURES", "BTC", 1);
        return (harness, harness.Get<WebhookHandler>());
    }

    private static JsonElement Json(WebhookResponse response) => JsonDocument.Parse(response.Body).RootElement;

    [Fact]
    public async Task Plain_json_command_cancels_its_targets()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var response = await handler.HandleAsync(Request("""{"version":1,"account":"main","productTypes":["USDT-FUTURES"],"reason":"risk limit"}""", Bearer()), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Succeeded", Json(response).GetProperty("status").GetString());
        Assert.Equal(2, Json(response).GetProperty("cancelledCount").GetInt32());
        Assert.Equal("risk limit", response.Outcome!.Reason);
        Assert.Single(harness.SignedRequests);
    }

    [Fact]
    public async Task A_command_over_the_target_cap_is_a_400_naming_the_cap_and_sends_nothing()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var coins = Enumerable.Range(0, 60).Select(i => $"\"COIN-FUTURES:C{(char)('A' + (i / 26))}{(char)('A' + (i % 26))}\"");
        var response = await handler.HandleAsync(Request($$"""{"version":1,"account":"main","productTypes":[{{string.Join(",", coins)}}]}""", Bearer()), default);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("at most 50", Json(response).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.SignedRequests);
    }

    [Fact]
    public async Task TradingView_json_alert_authenticates_with_its_secret_field_which_is_never_echoed()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var response = await handler.HandleAsync(Request($$"""{"secret":"{{Secret}}","productType":"COIN-FUTURES","marginCoin":"btc","reason":"strategy exit"}"""), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, response.Outcome!.CancelledCount);
        SecretScan.AssertNoSecrets([response.Body, .. harness.Logs.Lines], Secret);
    }

    [Fact]
    public async Task TradingView_plain_text_uses_the_defaults_and_keeps_the_text_as_reason()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var response = await handler.HandleAsync(Request("BTC crash alert: flatten now", query: new() { ["secret"] = Secret }), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("BTC crash alert: flatten now", response.Outcome!.Reason);
        Assert.Equal(["USDT-FUTURES", "USDC-FUTURES", "COIN-FUTURES", "COIN-FUTURES"], response.Outcome.Targets.Select(t => t.ProductType));
        Assert.Equal(3, response.Outcome.CancelledCount);
    }

    private const string AlertmanagerFiring = """
        {
          "version": "4",
          "groupKey": "{}:{alertname=\"DrawdownLimit\"}",
          "truncatedAlerts": 0,
          "status": "firing",
          "receiver": "kill-switch",
          "groupLabels": { "alertname": "DrawdownLimit" },
          "commonLabels": { "alertname": "DrawdownLimit", "severity": "critical", "account": "main", "product_type": "USDT-FUTURES" },
          "commonAnnotations": { "summary": "Drawdown above 5%" },
          "externalURL": "http://alertmanager:9093",
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "DrawdownLimit", "severity": "critical", "account": "main", "product_type": "USDT-FUTURES" },
              "annotations": { "summary": "Drawdown above 5%" },
              "startsAt": "2026-11-23T20:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus:9090/graph",
              "fingerprint": "c0ffee00c0ffee00"
            }
          ]
        }
        """;

    [Fact]
    public async Task Alertmanager_firing_alert_cancels_what_its_labels_name()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var response = await handler.HandleAsync(Request(AlertmanagerFiring, Bearer()), default);

        Assert.Equal(200, response.StatusCode);
        var target = Assert.Single(response.Outcome!.Targets);
        Assert.Equal("USDT-FUTURES", target.ProductType);
        Assert.Equal("Drawdown above 5%", response.Outcome.Reason);
    }

    [Fact]
    public async Task Alertmanager_resolved_alert_is_ignored_and_sends_nothing()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var response = await handler.HandleAsync(Request(AlertmanagerFiring.Replace("\"status\": \"firing\",\n  \"receiver\"", "\"status\": \"resolved\",\n  \"receiver\"", StringComparison.Ordinal).Replace("\"firing\"", "\"resolved\"", StringComparison.Ordinal), Bearer()), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(OutcomeStatus.Ignored, response.Outcome!.Status);
        Assert.Empty(harness.Exchange.Received);
    }

    private const string GrafanaAlerting = """
        {
          "receiver": "kill-switch",
          "status": "firing",
          "orgId": 1,
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "Loss streak", "account": "main", "productType": "COIN-FUTURES:BTC" },
              "annotations": { "summary": "5 losing trades" },
              "startsAt": "2026-11-23T20:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://grafana/alerting/grafana/abc/view",
              "fingerprint": "57c6d9296de2ad39",
              "silenceURL": "http://grafana/alerting/silence/new",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 5 },
              "valueString": "[ var='B' labels={} value=5 ]"
            }
          ],
          "groupLabels": { "alertname": "Loss streak" },
          "commonLabels": { "alertname": "Loss streak", "account": "main", "productType": "COIN-FUTURES:BTC" },
          "commonAnnotations": { "summary": "5 losing trades" },
          "externalURL": "http://grafana/",
          "version": "1",
          "groupKey": "{}:{alertname=\"Loss streak\"}",
          "truncatedAlerts": 0,
          "title": "[FIRING:1] Loss streak",
          "state": "alerting",
          "message": "**Firing**\n\nValue: B=5"
        }
        """;

    [Fact]
    public async Task Grafana_alert_cancels_what_its_labels_name_and_ok_state_is_ignored()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var headers = new Dictionary<string, string> { ["X-Webhook-Secret"] = Secret };

        var firing = await handler.HandleAsync(Request(GrafanaAlerting, headers), default);
        var ok = await handler.HandleAsync(Request(GrafanaAlerting.Replace("\"state\": \"alerting\"", "\"state\": \"ok\"", StringComparison.Ordinal), headers), default);

        Assert.Equal(200, firing.StatusCode);
        Assert.Equal(("COIN-FUTURES", "BTC"), (firing.Outcome!.Targets.Single().ProductType, firing.Outcome.Targets.Single().MarginCoin));
        Assert.Equal("[FIRING:1] Loss streak", firing.Outcome.Reason);
        Assert.Equal(1, firing.Outcome.CancelledCount);
        Assert.Equal(OutcomeStatus.Ignored, ok.Outcome!.Status);
        Assert.Single(harness.SignedRequests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret-0123456789")]
    public async Task Missing_or_wrong_secret_gets_401_with_no_detail_and_cancels_nothing(string? given)
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var headers = given is null ? [] : Bearer(given);

        var response = await handler.HandleAsync(Request("""{"productTypes":"bogus"}""", headers), default);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(
            $$$"""{"status":"Unauthorized","correlationId":"{{{response.Outcome!.CorrelationId}}}","error":{"kind":"Unauthorized","message":"Missing or wrong webhook secret: send it where the README table says for your source."}}""",
            response.Body);
        Assert.Empty(harness.Exchange.Received);
        Assert.Equal(3, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
    }

    [Fact]
    public async Task Rotated_secrets_accept_both_while_listed()
    {
        const string old = "whsec-old-aaaaaaaaaaaaaaaa";
        const string next = "whsec-new-bbbbbbbbbbbbbbbb";
        var (harness, handler) = await StartAsync(new() { ["CancelAll:Webhook:Secrets"] = $"{old}, {next}" });
        await using var _ = harness;

        Assert.Equal(200, (await handler.HandleAsync(Request("""{"productType":"USDT-FUTURES"}""", Bearer(old)), default)).StatusCode);
        Assert.Equal(200, (await handler.HandleAsync(Request("""{"productType":"USDT-FUTURES"}""", Bearer(next)), default)).StatusCode);
        Assert.Equal(401, (await handler.HandleAsync(Request("""{"productType":"USDT-FUTURES"}""", Bearer(Secret)), default)).StatusCode);
    }

    [Theory]
    [InlineData("""{"productTypes":["SPOT"]}""", "productType")]
    [InlineData("""{"account":"Main Account"}""", "account")]
    [InlineData("""{"productType":"COIN-FUTURES"}""", "marginCoin")]
    [InlineData("""{"demo":"maybe"}""", "demo")]
    [InlineData("""{"scope":"everything"}""", "scope")]
    [InlineData("""{"version":2}""", "version")]
    [InlineData("""{"account": """, "body")]
    public async Task Bad_input_gets_400_naming_the_field(string body, string field)
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var response = await handler.HandleAsync(Request(body, Bearer()), default);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(field, Json(response).GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(field, Json(response).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task Oversized_body_gets_413()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var big = new MemoryStream(new byte[70 * 1024]);
        var body = await WebhookRequest.ReadBodyAsync(big, 64 * 1024, default);
        var response = await handler.HandleAsync(Request(body, Bearer()), default);
        Assert.Null(body);
        Assert.Equal(413, response.StatusCode);
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task A_transiently_failed_target_answers_503_with_retry_after_so_the_source_retries()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        harness.Exchange.Faults.FailNext(10, HttpStatusCode.ServiceUnavailable);
        var response = await handler.HandleAsync(Request("""{"productType":"USDT-FUTURES"}""", Bearer()), default);
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("10", response.RetryAfterHeader);
        Assert.Equal("ExchangeUnavailable", Json(response).GetProperty("targets")[0].GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Later_sources_override_earlier_ones_field_by_field()
    {
        var (harness, handler) = await StartAsync(new() { ["CancelAll:Webhook:DefaultProductTypes"] = "USDC-FUTURES" });
        await using var _ = harness;
        // commonLabels and the alert's own labels both say COIN-FUTURES, as a real notification would.
        var labels = AlertmanagerFiring.Replace("\"product_type\": \"USDT-FUTURES\" }", "\"product_type\": \"COIN-FUTURES\" }", StringComparison.Ordinal);

        var queryOnly = await handler.HandleAsync(Request("plain text", Bearer(), new() { ["productType"] = "USDT-FUTURES", ["dryRun"] = "true" }), default);
        var bodyOverQuery = await handler.HandleAsync(Request("""{"productType":"COIN-FUTURES","marginCoin":"BTC","dryRun":true}""", Bearer(), new() { ["productType"] = "USDT-FUTURES", ["marginCoin"] = "ETH" }), default);
        var labelsOverQuery = await handler.HandleAsync(Request(labels, Bearer(), new() { ["productType"] = "USDT-FUTURES", ["marginCoin"] = "BTC", ["dryRun"] = "true" }), default);
        var defaults = await handler.HandleAsync(Request("plain text", Bearer(), new() { ["dryRun"] = "true" }), default);

        Assert.Equal("USDT-FUTURES", queryOnly.Outcome!.Targets.Single().ProductType);
        Assert.Equal(("COIN-FUTURES", "BTC"), (bodyOverQuery.Outcome!.Targets.Single().ProductType, bodyOverQuery.Outcome.Targets.Single().MarginCoin));
        Assert.Equal(("COIN-FUTURES", "BTC"), (labelsOverQuery.Outcome!.Targets.Single().ProductType, labelsOverQuery.Outcome.Targets.Single().MarginCoin));
        Assert.Equal("USDC-FUTURES", defaults.Outcome!.Targets.Single().ProductType);
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Method == "POST"); // dry runs only read
    }
}
