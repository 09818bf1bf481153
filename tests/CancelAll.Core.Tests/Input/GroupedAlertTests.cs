using CancelAll.Core.Credentials;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CancelAll.Core.Tests.Input;

/// <summary>
/// Grouped notifications, in the shape Alertmanager (v4) and Grafana send them: commonLabels holds only what every alert
/// shares, so the targets come from each firing alert's own labels; their union is cancelled, each target once.
/// </summary>
public class GroupedAlertTests
{
    private static readonly Dictionary<string, string> Bearer = new() { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret };

    // Alertmanager grouped by account: one alert names USDT-FUTURES, the other COIN-FUTURES with margin coin BTC.
    private const string AlertmanagerGrouped = """
        {
          "version": "4",
          "groupKey": "{}/{severity=\"critical\"}:{account=\"main\"}",
          "truncatedAlerts": 0,
          "status": "firing",
          "receiver": "kill-switch",
          "groupLabels": { "account": "main" },
          "commonLabels": { "account": "main", "severity": "critical" },
          "commonAnnotations": {},
          "externalURL": "http://alertmanager:9093",
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "DrawdownUsdt", "account": "main", "severity": "critical", "product_type": "USDT-FUTURES" },
              "annotations": { "summary": "USDT-M drawdown above 5%" },
              "startsAt": "2026-11-23T20:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=drawdown_usdt",
              "fingerprint": "1a2b3c4d5e6f7081"
            },
            {
              "status": "firing",
              "labels": { "alertname": "DrawdownCoin", "account": "main", "severity": "critical", "product_type": "COIN-FUTURES", "margin_coin": "BTC" },
              "annotations": { "summary": "Coin-M BTC drawdown above 5%" },
              "startsAt": "2026-11-23T20:00:05Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus:9090/graph?g0.expr=drawdown_coin",
              "fingerprint": "8f7e6d5c4b3a2910"
            }
          ]
        }
        """;

    // Grafana grouped by alertname: three alerts, two accounts, one target named twice, one alert already resolved.
    private const string GrafanaGroupedAccounts = """
        {
          "receiver": "kill-switch",
          "status": "firing",
          "orgId": 1,
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "Loss streak", "account": "main", "productType": "USDT-FUTURES", "grafana_folder": "Trading" },
              "annotations": { "summary": "5 losing trades on main" },
              "startsAt": "2026-11-23T20:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://grafana/alerting/grafana/abc/view",
              "fingerprint": "57c6d9296de2ad39",
              "silenceURL": "http://grafana/alerting/silence/new",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 5 },
              "valueString": "[ var='B' labels={account=main} value=5 ]"
            },
            {
              "status": "firing",
              "labels": { "alertname": "Loss streak", "account": "hedge", "productType": "COIN-FUTURES:BTC", "grafana_folder": "Trading" },
              "annotations": { "summary": "5 losing trades on hedge" },
              "startsAt": "2026-11-23T20:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://grafana/alerting/grafana/abc/view",
              "fingerprint": "6a1f0e9d8c7b6a59",
              "silenceURL": "http://grafana/alerting/silence/new",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 6 },
              "valueString": "[ var='B' labels={account=hedge} value=6 ]"
            },
            {
              "status": "firing",
              "labels": { "alertname": "Loss streak", "account": "main", "productType": "USDT-FUTURES", "grafana_folder": "Trading", "strategy": "grid" },
              "annotations": { "summary": "5 losing trades on main (grid)" },
              "startsAt": "2026-11-23T20:00:01Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://grafana/alerting/grafana/abc/view",
              "fingerprint": "0b1c2d3e4f5a6b7c",
              "silenceURL": "http://grafana/alerting/silence/new",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 5 },
              "valueString": "[ var='B' labels={account=main,strategy=grid} value=5 ]"
            },
            {
              "status": "resolved",
              "labels": { "alertname": "Loss streak", "account": "main", "productType": "USDC-FUTURES", "grafana_folder": "Trading" },
              "annotations": { "summary": "recovered" },
              "startsAt": "2026-11-23T19:00:00Z",
              "endsAt": "2026-11-23T19:30:00Z",
              "generatorURL": "http://grafana/alerting/grafana/abc/view",
              "fingerprint": "99aa88bb77cc66dd",
              "silenceURL": "http://grafana/alerting/silence/new",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 0 },
              "valueString": "[ var='B' labels={} value=0 ]"
            }
          ],
          "groupLabels": { "alertname": "Loss streak" },
          "commonLabels": { "alertname": "Loss streak", "grafana_folder": "Trading" },
          "commonAnnotations": {},
          "externalURL": "http://grafana/",
          "version": "1",
          "groupKey": "{}:{alertname=\"Loss streak\"}",
          "truncatedAlerts": 0,
          "title": "[FIRING:3, RESOLVED:1] Loss streak (Trading)",
          "state": "alerting",
          "message": "**Firing**"
        }
        """;

    [Fact]
    public async Task Alertmanager_grouped_alerts_cancel_the_union_of_what_they_name_and_nothing_else()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 2);
        harness.Exchange.AddOrders(key, "COIN-FUTURES", "BTC", 1);
        harness.Exchange.AddOrders(key, "COIN-FUTURES", "ETH", 3);
        harness.Exchange.AddOrders(key, "USDC-FUTURES", "USDC", 1);

        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest(AlertmanagerGrouped, new Dictionary<string, string>(), Bearer, null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(
            [("USDT-FUTURES", null), ("COIN-FUTURES", "BTC")],
            response.Outcome!.Targets.Select(t => (t.ProductType, t.MarginCoin)).ToList());
        Assert.Equal(3, response.Outcome.CancelledCount);
        // Nobody named COIN-FUTURES:ETH or USDC-FUTURES: those orders stay open.
        Assert.Equal(
            ["COIN-FUTURES:ETH", "COIN-FUTURES:ETH", "COIN-FUTURES:ETH", "USDC-FUTURES:USDC"],
            harness.Exchange.Book(key).OpenOrders.Select(o => $"{o.ProductType}:{o.MarginCoin}").Order().ToList());
    }

    [Fact]
    public async Task Grafana_grouped_alerts_for_two_accounts_run_one_command_per_account_each_target_once()
    {
        var hedge = new ExchangeAccount("bg_hmac_key_hedge", "hmac-secret-hedge-0123456789", "pass-phrase-hedge");
        await using var harness = await ExchangeHarness.StartAsync(configure: services =>
        {
            services.RemoveAll<ICredentialsProvider>();
            services.AddCancelAllCredentials(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CancelAll:Accounts:main:ApiKey"] = "bg_hmac_key_0001",
                ["CancelAll:Accounts:main:ApiSecret"] = "hmac-secret-9f8e7d6c5b4a39281706",
                ["CancelAll:Accounts:main:Passphrase"] = "pass-phrase-0001",
                ["CancelAll:Accounts:hedge:ApiKey"] = hedge.ApiKey,
                ["CancelAll:Accounts:hedge:ApiSecret"] = hedge.Secret,
                ["CancelAll:Accounts:hedge:Passphrase"] = hedge.Passphrase,
            }).Build());
        });
        harness.Exchange.AddAccount(hedge);
        var main = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(main, "USDT-FUTURES", "USDT", 2);
        harness.Exchange.AddOrders(main, "USDC-FUTURES", "USDC", 1);
        harness.Exchange.AddOrders(hedge.ApiKey, "COIN-FUTURES", "BTC", 2);
        harness.Exchange.AddOrders(hedge.ApiKey, "USDT-FUTURES", "USDT", 1);

        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest(GrafanaGroupedAccounts, new Dictionary<string, string>(), Bearer, null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["hedge", "main"], response.Outcomes.Select(o => o.Account).Order().ToList());
        var mainOutcome = response.Outcomes.Single(o => o.Account == "main");
        var hedgeOutcome = response.Outcomes.Single(o => o.Account == "hedge");
        Assert.Equal("USDT-FUTURES", Assert.Single(mainOutcome.Targets).ProductType); // named twice, cancelled once
        Assert.Equal(("COIN-FUTURES", "BTC"), (Assert.Single(hedgeOutcome.Targets).ProductType, hedgeOutcome.Targets[0].MarginCoin));
        Assert.Equal(OutcomeStatus.Succeeded, mainOutcome.Status);
        Assert.Equal(OutcomeStatus.Succeeded, hedgeOutcome.Status);
        Assert.NotEqual(mainOutcome.CorrelationId, hedgeOutcome.CorrelationId);
        // The resolved alert's USDC-FUTURES and the hedge's unnamed USDT-FUTURES stay open.
        Assert.Equal(["USDC-FUTURES"], harness.Exchange.Book(main).OpenOrders.Select(o => o.ProductType).ToList());
        Assert.Equal(["USDT-FUTURES"], harness.Exchange.Book(hedge.ApiKey).OpenOrders.Select(o => o.ProductType).ToList());
        Assert.Equal(2, harness.SignedRequests.Count(r => r.Method == "POST"));
        using var body = System.Text.Json.JsonDocument.Parse(response.Body);
        Assert.Equal(2, body.RootElement.GetProperty("outcomes").GetArrayLength());
    }

    [Fact]
    public async Task An_alert_that_names_nothing_uses_the_configured_default_beside_one_that_does()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Webhook:DefaultProductTypes"] = "USDC-FUTURES" });
        var key = harness.Credentials.ApiKey;
        harness.Exchange.AddOrders(key, "USDT-FUTURES", "USDT", 1);
        harness.Exchange.AddOrders(key, "USDC-FUTURES", "USDC", 1);
        harness.Exchange.AddOrders(key, "COIN-FUTURES", "BTC", 1);
        var body = AlertmanagerGrouped
            .Replace(", \"product_type\": \"COIN-FUTURES\", \"margin_coin\": \"BTC\"", string.Empty, StringComparison.Ordinal);

        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest(body, new Dictionary<string, string>(), Bearer, null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["USDT-FUTURES", "USDC-FUTURES"], response.Outcome!.Targets.Select(t => t.ProductType).ToList());
        Assert.Equal(["COIN-FUTURES"], harness.Exchange.Book(key).OpenOrders.Select(o => o.ProductType).ToList());
    }

    [Fact]
    public void A_notification_whose_alerts_are_all_resolved_is_ignored_even_when_its_status_says_firing()
    {
        var allResolved = AlertmanagerGrouped.Replace("\"status\": \"firing\",\n      \"labels\"", "\"status\": \"resolved\",\n      \"labels\"", StringComparison.Ordinal);

        var payload = WebhookPayload.Read(allResolved);

        Assert.Contains("\"status\": \"firing\",\n  \"receiver\"", allResolved, StringComparison.Ordinal);
        Assert.True(payload.Resolved);
        Assert.Empty(WebhookCommands.Build(payload, new WebhookRequest(allResolved, new Dictionary<string, string>(), Bearer, null), new WebhookOptions(), ["BTC"], "c"));
    }
}
