using System.Net;
using System.Text.Json;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Credentials;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Input;

/// <summary>
/// Walks README's webhook status table row by row against the real handler and core, the test exchange and the fake
/// vault. Every body carries the correlation id; every error body names the problem and no internal host.
/// </summary>
public class WebhookStatusTableTests
{
    private const string Secret = ExchangeHarness.WebhookSecret;
    private static readonly Dictionary<string, string> Bearer = new() { ["Authorization"] = "Bearer " + Secret };

    public static TheoryData<string, int> Rows => new()
    {
        { "succeeded", 200 },
        { "nothing to cancel", 200 },
        { "dry run", 200 },
        { "resolved alert", 200 },
        { "bad command", 400 },
        { "unknown account", 400 },
        { "unknown account in Key Vault", 400 },
        { "right TradingView body secret, invalid field", 400 },
        { "missing secret, invalid body", 401 },
        { "wrong secret, valid body", 401 },
        { "body too large", 413 },
        { "permanent exchange failure", 422 },
        { "transient exchange failure", 503 },
        { "transient Key Vault failure", 503 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_row_of_the_status_table(string row, int expected)
    {
        var vaultRow = row.Contains("Key Vault", StringComparison.Ordinal);
        FakeKeyVault? vault = null;
        ExchangeHarness harness;
        if (vaultRow)
        {
            (harness, vault) = await VaultBackedExchange.StartAsync();
        }
        else
        {
            harness = await ExchangeHarness.StartAsync();
        }

        await using var _ = harness;
        await using var __ = vault;
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var (body, headers) = row switch
        {
            "succeeded" => ("""{"productType":"USDT-FUTURES"}""", Bearer),
            "nothing to cancel" => ("""{"productType":"USDC-FUTURES"}""", Bearer),
            "dry run" => ("""{"productType":"USDT-FUTURES","dryRun":true}""", Bearer),
            "resolved alert" => ("""{"version":"4","groupKey":"{}:{}","status":"resolved","receiver":"kill-switch","commonLabels":{},"alerts":[{"status":"resolved","labels":{"alertname":"X"}}]}""", Bearer),
            "bad command" => ("""{"productType":"SPOT"}""", Bearer),
            "unknown account" or "unknown account in Key Vault" => ("""{"account":"ghost","productType":"USDT-FUTURES"}""", Bearer),
            "right TradingView body secret, invalid field" => ($$"""{"secret":"{{Secret}}","scope":"everything"}""", []),
            "missing secret, invalid body" => ("""{"productType":"SPOT","account":"Bad Name"}""", []),
            "wrong secret, valid body" => ("""{"productType":"USDT-FUTURES"}""", new Dictionary<string, string> { ["Authorization"] = "Bearer whsec-wrong-0123456789abcdef" }),
            "body too large" => (null, Bearer),
            "permanent exchange failure" or "transient exchange failure" => ("""{"productType":"USDT-FUTURES"}""", Bearer),
            "transient Key Vault failure" => ("""{"productType":"USDT-FUTURES"}""", Bearer),
            _ => throw new ArgumentOutOfRangeException(nameof(row)),
        };
        switch (row)
        {
            case "permanent exchange failure":
                harness.Exchange.Faults.FailNext(10, HttpStatusCode.BadRequest, "40014", "Incorrect permissions");
                break;
            case "transient exchange failure":
                harness.Exchange.Faults.FailNext(10, HttpStatusCode.ServiceUnavailable);
                break;
            case "transient Key Vault failure":
                vault!.Fail("bitget-main-api-key", VaultFault.Unavailable);
                break;
        }

        var response = await harness.Get<WebhookHandler>().HandleAsync(new WebhookRequest(body, new Dictionary<string, string>(), headers, null), default);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == 503 ? "10" : null, response.RetryAfterHeader);
        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal(response.Outcome!.CorrelationId, json.RootElement.GetProperty("correlationId").GetString());
        if (expected != 200)
        {
            var messages = ErrorMessages(json.RootElement).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.True(m.Length > 20, m));
        }

        if (row.StartsWith("unknown account", StringComparison.Ordinal))
        {
            // The same answer whether the accounts live in configuration or in Key Vault: rejected, naming the account.
            Assert.Equal(OutcomeStatus.Rejected, response.Outcome.Status);
            Assert.Equal(OutcomeErrorKind.AccountNotConfigured, response.Outcome.Error!.Kind);
            Assert.All(ErrorMessages(json.RootElement), m => Assert.Contains("'ghost'", m, StringComparison.Ordinal));
        }

        if (vault is not null)
        {
            Assert.DoesNotContain(vault.VaultUri.Authority, response.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        }

        var sentPosts = harness.SignedRequests.Count(r => r.Method == "POST");
        if (row == "succeeded")
        {
            Assert.Empty(harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders);
        }

        if (expected is 400 or 401 or 413 || row is "dry run" or "resolved alert" or "transient Key Vault failure")
        {
            Assert.Equal(0, sentPosts);
            Assert.Equal(2, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
        }
    }

    [Fact]
    public void Several_outcomes_answer_with_the_most_urgent_status()
    {
        var ok = Outcome(OutcomeStatus.Succeeded, null);
        var permanent = Outcome(OutcomeStatus.Failed, new OutcomeError(OutcomeErrorKind.Permission, "40014", "no permission"));
        var transient = Outcome(OutcomeStatus.Failed, new OutcomeError(OutcomeErrorKind.ExchangeUnavailable, null, "down", Transient: true));
        var unknown = Outcome(OutcomeStatus.Rejected, null) with { Error = new OutcomeError(OutcomeErrorKind.AccountNotConfigured, "bitget-x-api-key", "unknown") };

        Assert.Equal(200, WebhookStatus.For([ok, ok]));
        Assert.Equal(422, WebhookStatus.For([ok, permanent]));
        Assert.Equal(400, WebhookStatus.For([permanent, unknown]));
        Assert.Equal(503, WebhookStatus.For([unknown, permanent, transient]));
    }

    private static CancelOutcome Outcome(OutcomeStatus status, OutcomeError? targetError) =>
        new("c", "http", "main", status, null, false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            [new TargetOutcome("USDT-FUTURES", null, "Live", status, [], [], targetError, 1, 0, 0)], null);

    private static IEnumerable<string> ErrorMessages(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            yield return error.GetProperty("message").GetString()!;
        }

        if (root.TryGetProperty("targets", out var targets))
        {
            foreach (var target in targets.EnumerateArray())
            {
                if (target.TryGetProperty("error", out var targetError) && targetError.ValueKind == JsonValueKind.Object)
                {
                    yield return targetError.GetProperty("message").GetString()!;
                }
            }
        }
    }
}
