using System.Text.Json;
using System.Text.RegularExpressions;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using KillSwitchClient;

namespace CancelAll.Core.Tests.Docs;

/// <summary>
/// Each snippet of docs/recipes.md, read from the markdown with its placeholders filled in, through the real webhook
/// parser and authentication (WebhookHandler) or the queue handler, against the local test exchange.
/// </summary>
public partial class RecipeTests
{
    private const string FunctionKey = "fn-key-0123456789";

    [GeneratedRegex(@"<!-- recipe: (?<name>[a-z-]+) -->\s*```[a-z]*\n(?<body>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();

    private static readonly Lazy<Dictionary<string, string>> Snippets = new(() =>
        SnippetPattern().Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "recipes.md")))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value, StringComparer.Ordinal));

    internal static string RepositoryRoot() => RepositoryFiles.Root();

    /// <summary>A snippet with the placeholders filled in as the reader would.</summary>
    private static string Snippet(string name) => Snippets.Value[name]
        .Replace("<webhook-secret>", ExchangeHarness.WebhookSecret, StringComparison.Ordinal)
        .Replace("<function-key>", FunctionKey, StringComparison.Ordinal)
        .Replace("<app>", "kill-switch", StringComparison.Ordinal)
        .Replace("<namespace>", "sb-kill-switch", StringComparison.Ordinal);

    /// <summary>The query of a URL, as the Functions host hands it on (the function key included: it is not the app's business).</summary>
    private static Dictionary<string, string> Query(string url) =>
        new Uri(url.Trim()).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? string.Empty), StringComparer.OrdinalIgnoreCase);

    private static string YamlValue(string yaml, string key) =>
        Regex.Match(yaml, $@"^\s*{Regex.Escape(key)}:\s*(?<value>\S+)", RegexOptions.Multiline) is { Success: true } m ? m.Groups["value"].Value : throw new KeyNotFoundException(key);

    private static async Task<(ExchangeHarness Harness, WebhookHandler Handler)> StartAsync()
    {
        var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "COIN-FUTURES", "BTC", 1);
        return (harness, harness.Get<WebhookHandler>());
    }

    [Fact]
    public void Every_snippet_is_tested()
    {
        Assert.Equal(
            ["alertmanager-config", "alertmanager-rule", "grafana-contact-point", "servicebus-az", "servicebus-command", "servicebus-csharp", "tradingview-message", "tradingview-text-message", "tradingview-text-url", "tradingview-url"],
            Snippets.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TradingView_json_message_cancels_with_the_secret_from_its_body()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var url = Snippet("tradingview-url");
        Assert.StartsWith("https://kill-switch.azurewebsites.net/api/cancel-all?code=" + FunctionKey, url, StringComparison.Ordinal);

        // TradingView fills in its placeholders, then posts the message as is, without headers.
        var body = Snippet("tradingview-message").Replace("{{ticker}}", "BTCUSDT.P", StringComparison.Ordinal).Replace("{{strategy.order.action}}", "sell", StringComparison.Ordinal);
        var response = await handler.HandleAsync(new WebhookRequest(body, Query(url), new Dictionary<string, string>(), null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("TradingView BTCUSDT.P sell", response.Outcome!.Reason);
        Assert.Equal(2, response.Outcome.CancelledCount);
        Assert.DoesNotContain(harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders, o => o.ProductType == "USDT-FUTURES");
        SecretScan.AssertNoSecrets([response.Body, .. harness.Logs.Lines], ExchangeHarness.WebhookSecret);

        // The same message with the secret left out is refused: the recipe's secret field is what lets it in.
        var unsigned = body.Replace(ExchangeHarness.WebhookSecret, "not-the-secret-0000000", StringComparison.Ordinal);
        Assert.Equal(401, (await handler.HandleAsync(new WebhookRequest(unsigned, Query(url), new Dictionary<string, string>(), null), default)).StatusCode);
    }

    [Fact]
    public async Task TradingView_text_message_cancels_the_defaults_with_the_secret_from_the_url()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var body = Snippet("tradingview-text-message").Replace("{{ticker}}", "ETHUSDT.P", StringComparison.Ordinal);

        var response = await handler.HandleAsync(new WebhookRequest(body, Query(Snippet("tradingview-text-url")), new Dictionary<string, string>(), null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Kill switch: ETHUSDT.P hit the daily loss limit", response.Outcome!.Reason);
        Assert.Equal(3, response.Outcome.CancelledCount);
    }

    /// <summary>A notification as Alertmanager (v4) or Grafana (orgId) sends it for one firing alert with these labels.</summary>
    private static string Notification(Dictionary<string, string> labels, string summary, bool grafana) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["version"] = "4",
            ["groupKey"] = "{}:{alertname=\"" + labels["alertname"] + "\"}",
            ["status"] = "firing",
            ["receiver"] = "cancel-all",
            ["groupLabels"] = new Dictionary<string, string> { ["alertname"] = labels["alertname"] },
            ["commonLabels"] = labels,
            ["commonAnnotations"] = new Dictionary<string, string> { ["summary"] = summary },
            ["externalURL"] = "http://alertmanager:9093",
            ["alerts"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["status"] = "firing",
                    ["labels"] = labels,
                    ["annotations"] = new Dictionary<string, string> { ["summary"] = summary },
                    ["startsAt"] = "2026-11-30T07:00:00Z",
                    ["endsAt"] = "0001-01-01T00:00:00Z",
                    ["fingerprint"] = "c0ffee00c0ffee00",
                },
            },
        }.Concat(grafana ? [KeyValuePair.Create<string, object>("orgId", 1)] : []).ToDictionary());

    [Fact]
    public async Task Alertmanager_receiver_and_rule_cancel_what_the_labels_name_with_the_bearer_secret()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var config = Snippet("alertmanager-config");
        var rule = Snippet("alertmanager-rule");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = YamlValue(rule, "- alert"),
            ["kill_switch"] = YamlValue(rule, "kill_switch").Trim('"'),
            ["account"] = YamlValue(rule, "account"),
            ["product_type"] = YamlValue(rule, "product_type"),
        };
        Assert.Contains("kill_switch=\"true\"", config, StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = YamlValue(config, "type") + " " + YamlValue(config, "credentials") };

        var response = await handler.HandleAsync(new WebhookRequest(Notification(labels, "Drawdown above 5%", grafana: false), Query(YamlValue(config, "- url")), headers, null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("USDT-FUTURES", Assert.Single(response.Outcome!.Targets).ProductType);
        Assert.Equal(2, response.Outcome.CancelledCount);
        Assert.Equal("Drawdown above 5%", response.Outcome.Reason);
    }

    [Fact]
    public async Task Grafana_contact_point_cancels_what_the_labels_name_with_its_authorization_header()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var contactPoint = Snippet("grafana-contact-point");
        Assert.Equal("webhook", YamlValue(contactPoint, "type"));
        Assert.Equal("POST", YamlValue(contactPoint, "httpMethod"));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Authorization"] = YamlValue(contactPoint, "authorization_scheme") + " " + YamlValue(contactPoint, "authorization_credentials"),
        };
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = "Loss streak", ["account"] = "main", ["productType"] = "COIN-FUTURES:BTC" };
        Assert.Contains("`account=main`, `productType=COIN-FUTURES:BTC`", File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "recipes.md")), StringComparison.Ordinal);

        var response = await handler.HandleAsync(new WebhookRequest(Notification(labels, "5 losing trades", grafana: true), Query(YamlValue(contactPoint, "url")), headers, null), default);

        Assert.Equal(200, response.StatusCode);
        var target = Assert.Single(response.Outcome!.Targets);
        Assert.Equal(("COIN-FUTURES", "BTC"), (target.ProductType, target.MarginCoin));
        Assert.Equal(1, response.Outcome.CancelledCount);
    }

    [Fact]
    public async Task Service_bus_az_command_posts_the_documented_command_to_the_apps_queue()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "COIN-FUTURES", "BTC", 1);
        var az = Snippet("servicebus-az");

        // The queue in the URL is the app's request queue, and the body is the command file above.
        var url = new Uri(Regex.Match(az, "--url \"(?<url>[^\"]+)\"").Groups["url"].Value);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.sample.json")));
        Assert.Equal("/" + settings.RootElement.GetProperty("Values").GetProperty("CancelRequestsQueue").GetString() + "/messages", url.AbsolutePath);
        Assert.Contains("--body @command.json", az, StringComparison.Ordinal);
        var brokerProperties = Regex.Match(az, "\"BrokerProperties=(?<json>.+?)\"( |$)", RegexOptions.Multiline).Groups["json"].Value.Replace("\\\"", "\"", StringComparison.Ordinal);
        using var properties = JsonDocument.Parse(brokerProperties);
        var messageId = properties.RootElement.GetProperty("MessageId").GetString();

        var result = await harness.Get<QueueHandler>().HandleAsync(new QueueMessage(Snippet("servicebus-command"), messageId, properties.RootElement.GetProperty("CorrelationId").GetString(), null, null, 1), default);

        Assert.Equal(OutcomeStatus.Succeeded, result.Outcome.Status);
        Assert.Equal("risk desk", result.Outcome.Reason);
        Assert.Equal(3, result.Outcome.CancelledCount);
    }

    [Fact]
    public async Task Service_bus_csharp_sender_is_the_compiled_one_and_its_message_runs_through_the_queue_handler()
    {
        var compiled = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "tests", "CancelAll.Core.Tests", "Docs", "Recipes", "CancelRequestSender.cs"));
        Assert.EndsWith(Snippets.Value["servicebus-csharp"].ReplaceLineEndings() + Environment.NewLine, compiled.ReplaceLineEndings(), StringComparison.Ordinal);

        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var message = CancelRequestSender.CancelRequest("main", ["USDT-FUTURES"], "risk desk", "msg-recipe-1");
        Assert.Equal("application/json", message.ContentType);

        var result = await harness.Get<QueueHandler>().HandleAsync(new QueueMessage(message.Body.ToString(), message.MessageId, message.CorrelationId, null, null, 1), default);

        Assert.Equal(OutcomeStatus.Succeeded, result.Outcome.Status);
        Assert.Equal("msg-recipe-1", result.Outcome.CorrelationId);
        Assert.Equal(2, result.Outcome.CancelledCount);
    }
}
