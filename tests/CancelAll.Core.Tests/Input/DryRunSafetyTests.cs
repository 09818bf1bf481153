using System.Globalization;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;
using CsCheck;

namespace CancelAll.Core.Tests.Input;

/// <summary>
/// The invariant: a webhook request that carries <c>dryRun: true</c> in any accepted form sends no mutating request to
/// the exchange. The property runs against <see cref="WebhookPayload.Read"/> and <see cref="WebhookCommands.Build"/>,
/// the exact calls the handler makes before it runs the commands they return; a smaller sample runs the real handler
/// against the test exchange. Set CANCELALL_SOAK=1 for the 1,000,000-request soak (README, "Dry-run safety").
/// </summary>
public class DryRunSafetyTests
{
    private static readonly long Iterations = Environment.GetEnvironmentVariable("CANCELALL_SOAK") == "1" ? 1_000_000 : 100_000;

    private static readonly WebhookOptions Options = new() { Secrets = [ExchangeHarness.WebhookSecret] };

    private static readonly Dictionary<string, string> Bearer = new() { ["Authorization"] = "Bearer " + ExchangeHarness.WebhookSecret };

    /// <summary>What the handler would run for the request: null when it is refused (400) or ignored (resolved alert).</summary>
    private static IReadOnlyList<CancelCommand>? CommandsFor(DryRunRequest generated)
    {
        var request = new WebhookRequest(generated.Body, generated.Query, Bearer, null);
        try
        {
            var commands = WebhookCommands.Build(WebhookPayload.Read(generated.Body), request, Options, TargetParser.DefaultCoinFuturesMarginCoins, "property");
            return commands.Count == 0 ? null : commands;
        }
        catch (CommandValidationException)
        {
            return null;
        }
    }

    [Fact]
    public void A_request_that_asks_for_a_dry_run_never_yields_a_live_command()
    {
        long accepted = 0;
        long refused = 0;
        DryRunRequests.Any.Sample(
            generated =>
            {
                var commands = CommandsFor(generated);
                if (commands is null)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                Interlocked.Increment(ref accepted);
                if (commands.Any(c => !c.DryRun))
                {
                    Assert.Fail($"live command from {generated}");
                }
            },
            iter: Iterations);

        // Not vacuous: most requests are accepted and run as dry runs, not all refused.
        Assert.Equal(Iterations, accepted + refused);
        Assert.True(accepted > Iterations / 4, $"only {accepted} of {Iterations} generated requests were accepted");
    }

    [Theory]
    [InlineData("json field")]
    [InlineData("alert label")]
    [InlineData("alert top-level field")]
    [InlineData("one alert's label")]
    [InlineData("query")]
    public void Every_form_is_generated_and_accepted_as_a_dry_run(string form)
    {
        var generator = form switch
        {
            "json field" => DryRunRequests.JsonField,
            "query" => DryRunRequests.QueryParameter,
            _ => DryRunRequests.AlertLabel.Where(r => r.Form == form),
        };
        var dryRuns = 0;
        generator.Sample(
            generated =>
            {
                if (CommandsFor(generated) is { } commands && commands.All(c => c.DryRun))
                {
                    Interlocked.Increment(ref dryRuns);
                }
            },
            iter: 2000,
            threads: 1);
        Assert.True(dryRuns > 200, $"{form}: only {dryRuns} of 2000 were accepted as dry runs");
    }

    [Fact]
    public async Task The_real_handler_sends_nothing_but_reads_for_generated_dry_run_requests()
    {
        await using var harness = await ExchangeHarness.StartAsync(
            settings: new Dictionary<string, string?>
            {
                [$"{ExchangeOptions.Section}:RequestsPerSecond"] = "100",
                ["CancelAll:Webhook:DefaultProductTypes"] = "USDT-FUTURES",
            },
            exchangeOptions: new TestExchangeOptions { RequestsPerSecondPerKey = 100_000 });
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 3);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "COIN-FUTURES", "BTC", 2);
        var handler = harness.Get<WebhookHandler>();
        var requests = DryRunRequests.Any.Array[200].Single();

        var statuses = new List<int>();
        var dryRuns = 0;
        foreach (var generated in requests)
        {
            var response = await handler.HandleAsync(new WebhookRequest(generated.Body, generated.Query, Bearer, null), default);
            statuses.Add(response.StatusCode);
            dryRuns += response.Outcomes.Count(o => o.DryRun && o.Targets.Count > 0);
        }

        Assert.DoesNotContain(harness.Exchange.Received, r => r.Method != "GET");
        Assert.Equal(5, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
        Assert.True(dryRuns > 50, $"only {dryRuns} dry runs ran; statuses: {string.Join(",", statuses.Distinct().Select(s => s.ToString(CultureInfo.InvariantCulture)))}");
    }

    [Theory]
    [InlineData("\uFEFF{\"dryRun\":true,\"productType\":\"USDT-FUTURES\"}")]
    [InlineData("{\"dryRun\":true,\"productType\":\"USDT-FUTURES\",\"alerts\":[]}")]
    [InlineData("{\"dry_run\":true,\"productType\":\"USDT-FUTURES\"}")]
    [InlineData("{\"DryRun\":\"yes\",\"productType\":\"USDT-FUTURES\"}")]
    public async Task A_dry_run_with_a_bom_an_alerts_field_or_another_spelling_stays_a_dry_run(string body)
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest(body, new Dictionary<string, string>(), Bearer, null), default);

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.Outcome!.DryRun);
        Assert.Equal("USDT-FUTURES", Assert.Single(response.Outcome.Targets).ProductType);
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Method != "GET");
        Assert.Equal(2, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
    }

    [Theory]
    [InlineData("{\"dryRun\":true,\"dryRun\":false}", "body")]
    [InlineData("{\"dryRun\":true,\"dry_run\":false}", "dryRun")]
    [InlineData("\"dryRun\"", "body")]
    [InlineData("[{\"dryRun\":true}]", "body")]
    [InlineData("{\"dryRun\":true,}", "body")]
    [InlineData("dryRun: true}", "body")]
    [InlineData("TradingView: dry run only", "body")]
    public async Task A_body_that_asks_for_a_dry_run_but_cannot_be_read_is_refused_with_400(string body, string field)
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest(body, new Dictionary<string, string>(), Bearer, null), default);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(OutcomeStatus.Rejected, response.Outcome!.Status);
        Assert.Equal(field, response.Outcome.Error!.Code);
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task No_source_can_turn_another_sources_dry_run_into_a_live_cancel()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var handler = harness.Get<WebhookHandler>();

        var queryTrueBodyFalse = await handler.HandleAsync(new WebhookRequest("{\"dryRun\":false,\"productType\":\"USDT-FUTURES\"}", new Dictionary<string, string> { ["dryRun"] = "true" }, Bearer, null), default);
        var bodyTrueQueryFalse = await handler.HandleAsync(new WebhookRequest("{\"dryRun\":true,\"productType\":\"USDT-FUTURES\"}", new Dictionary<string, string> { ["dryRun"] = "false" }, Bearer, null), default);

        Assert.True(queryTrueBodyFalse.Outcome!.DryRun);
        Assert.True(bodyTrueQueryFalse.Outcome!.DryRun);
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Method != "GET");
    }
}
