using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CancelAll.Core.Credentials;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Input;

/// <summary>
/// The shared secret in every place a sender can put it (Bearer, Basic, X-Webhook-Secret, TradingView's body field,
/// ?secret= for text, Grafana's HMAC signature), every presented secret checked, and secret-free credential types.
/// </summary>
public class WebhookAuthenticationTests
{
    private const string Secret = ExchangeHarness.WebhookSecret;
    private const string Command = """{"productType":"USDT-FUTURES"}""";

    private static WebhookRequest Request(string body, Dictionary<string, string>? headers = null, Dictionary<string, string>? query = null) =>
        new(body, query ?? [], headers ?? [], "198.51.100.23");

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private static async Task<(ExchangeHarness Harness, WebhookHandler Handler)> StartAsync()
    {
        var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        return (harness, harness.Get<WebhookHandler>());
    }

    [Theory]
    [InlineData("grafana")]
    [InlineData("")]
    public async Task Basic_auth_with_the_secret_as_password_is_accepted_whatever_the_user_name(string user)
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;

        var response = await handler.HandleAsync(Request(Command, new() { ["Authorization"] = Basic(user, Secret) }), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, response.Outcome!.CancelledCount);
    }

    [Theory]
    [InlineData("Basic bm90LWJhc2U2NA===")]
    [InlineData("Basic Z3JhZmFuYQ==")] // "grafana": no colon, no password
    [InlineData("Digest username=grafana")]
    public async Task Basic_auth_with_a_wrong_or_malformed_password_gets_401(string authorization)
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;

        var wrong = await handler.HandleAsync(Request(Command, new() { ["Authorization"] = Basic(Secret, "not-the-secret-0123456789") }), default);
        var malformed = await handler.HandleAsync(Request(Command, new() { ["Authorization"] = authorization }), default);

        Assert.Equal(401, wrong.StatusCode);
        Assert.Equal(401, malformed.StatusCode);
        Assert.Empty(harness.Exchange.Received);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("the Authorization header does not carry a configured secret", StringComparison.Ordinal));
        SecretScan.AssertNoSecrets([wrong.Body, malformed.Body, .. harness.Logs.Lines], Secret, "not-the-secret-0123456789");
    }

    [Fact]
    public async Task Query_secret_is_refused_for_json_bodies_even_when_right_and_accepted_for_plain_text()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;

        var json = await handler.HandleAsync(Request(Command, query: new() { ["secret"] = Secret }), default);
        var jsonWithHeaderToo = await handler.HandleAsync(Request(Command, new() { ["Authorization"] = "Bearer " + Secret }, new() { ["secret"] = Secret }), default);

        Assert.Equal(401, json.StatusCode);
        Assert.Equal(401, jsonWithHeaderToo.StatusCode);
        Assert.Empty(harness.Exchange.Received);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("?secret= is accepted for plain-text bodies only", StringComparison.Ordinal));

        var text = await handler.HandleAsync(Request("BTC crash alert", query: new() { ["secret"] = Secret, ["productType"] = "USDT-FUTURES" }), default);
        Assert.Equal(200, text.StatusCode);
    }

    [Theory]
    [InlineData("Authorization", "X-Webhook-Secret")]
    [InlineData("X-Webhook-Secret", "Authorization")]
    [InlineData("Authorization", "body")]
    [InlineData("body", "Authorization")]
    public async Task Every_secret_presented_must_match_not_only_the_first(string right, string wrong)
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        const string bad = "whsec-wrong-0123456789abcdef";
        var headers = new Dictionary<string, string>();
        var body = Command;
        foreach (var (place, value) in new[] { (right, Secret), (wrong, bad) })
        {
            switch (place)
            {
                case "Authorization": headers["Authorization"] = "Bearer " + value; break;
                case "X-Webhook-Secret": headers["X-Webhook-Secret"] = value; break;
                default: body = $$"""{"secret":"{{value}}","productType":"USDT-FUTURES"}"""; break;
            }
        }

        var response = await handler.HandleAsync(Request(body, headers), default);

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(harness.Exchange.Received);
    }

    // productType 5 fails while the body is read, before any secret check, so it needs the body's secret read from a
    // body that does not validate; SPOT is read fine and refused later, which keeps the 401-before-400 order honest.
    [Theory]
    [InlineData("""{"secret":"SECRET","productType":5}""", "productType")]
    [InlineData("""{"secret":"SECRET","productType":"SPOT"}""", "productType")]
    [InlineData("""{"secret":"SECRET","demo":"maybe"}""", "demo")]
    [InlineData("""{"secret":"SECRET","dryRun":true,"dry_run":false}""", "dryRun")]
    public async Task TradingView_body_secret_with_an_invalid_field_gets_400_naming_the_field(string template, string field)
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;

        var right = await handler.HandleAsync(Request(template.Replace("SECRET", Secret, StringComparison.Ordinal)), default);
        var wrong = await handler.HandleAsync(Request(template.Replace("SECRET", "whsec-wrong-0123456789abcdef", StringComparison.Ordinal)), default);

        Assert.Equal(400, right.StatusCode);
        Assert.Equal(field, right.Outcome!.Error!.Code);
        Assert.Equal(401, wrong.StatusCode);
        SecretScan.AssertNoSecrets([right.Body, wrong.Body, .. harness.Logs.Lines], Secret);
    }

    private static Dictionary<string, string> GrafanaSignature(string body, DateTimeOffset at, string secret = Secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ":" + body)));
        return new() { ["X-Grafana-Alerting-Signature"] = signature, ["X-Grafana-Alerting-Timestamp"] = timestamp };
    }

    [Fact]
    public async Task Grafana_hmac_signature_with_a_fresh_timestamp_is_accepted_alone()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;

        var response = await handler.HandleAsync(Request(Command, GrafanaSignature(Command, DateTimeOffset.UtcNow)), default);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, response.Outcome!.CancelledCount);
    }

    [Fact]
    public async Task Grafana_hmac_signature_is_refused_when_stale_unstamped_tampered_or_signed_with_another_secret()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;
        var now = DateTimeOffset.UtcNow;
        var unstamped = GrafanaSignature(Command, now);
        unstamped.Remove("X-Grafana-Alerting-Timestamp");

        var cases = new[]
        {
            Request(Command, GrafanaSignature(Command, now - TimeSpan.FromMinutes(6))),
            Request(Command, GrafanaSignature(Command, now + TimeSpan.FromMinutes(6))),
            Request(Command, unstamped),
            Request("""{"productType":"all"}""", GrafanaSignature(Command, now)),
            Request(Command, GrafanaSignature(Command, now, "another-secret-0123456789")),
        };
        var bodies = new List<string>();
        foreach (var request in cases)
        {
            var response = await handler.HandleAsync(request, default);
            Assert.Equal(401, response.StatusCode);
            bodies.Add(response.Body);
        }

        Assert.Empty(harness.Exchange.Received);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("outside 300 s (CancelAll:Webhook:SignatureMaxAge): a replay, or a clock off", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, l => l.Contains("set the contact point's HMAC Timestamp Header", StringComparison.Ordinal));
        SecretScan.AssertNoSecrets([.. bodies, .. harness.Logs.Lines], Secret, "another-secret-0123456789");
    }

    [Fact]
    public async Task The_forwarded_address_is_logged_as_client_supplied()
    {
        var (harness, handler) = await StartAsync();
        await using var _ = harness;

        await handler.HandleAsync(Request(Command, new() { ["Authorization"] = "Bearer " + Secret }), default);
        await handler.HandleAsync(Request(Command), default);

        var mentions = harness.Logs.Lines.Where(l => l.Contains("198.51.100.23", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mentions.Count);
        Assert.All(mentions, l => Assert.Contains("X-Forwarded-For (client-supplied) 198.51.100.23", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Credential_types_never_serialize_or_print_secret_material()
    {
        var (_, pem) = TestExchange.ExchangeAccount.CreateRsa("bg_rsa_key_scan", "rsa-passphrase-scan");
        var hmac = new ApiCredentials("bg_hmac_key_scan_0001", "hmac-secret-scan-9f8e7d6c5b4a", "passphrase-scan-0001");
        var rsa = new ApiCredentials("bg_rsa_key_scan_0001", pem, "rsa-passphrase-scan");
        var options = new WebhookOptions { Secrets = ["whsec-scan-aaaaaaaaaaaaaaaa", "whsec-scan-bbbbbbbbbbbbbbbb"] };
        var payload = WebhookPayload.Read("""{"secret":"whsec-scan-cccccccccccccccc","productType":"USDT-FUTURES"}""");
        var provider = new FixedCredentialsProvider("main", hmac);
        var request = new WebhookRequest("""{"secret":"whsec-scan-cccccccccccccccc"}""", new Dictionary<string, string> { ["secret"] = "whsec-scan-aaaaaaaaaaaaaaaa" }, new Dictionary<string, string> { ["Authorization"] = "Bearer whsec-scan-bbbbbbbbbbbbbbbb" }, null);
        object[] items = [hmac, rsa, options, payload, provider];

        var withFields = new JsonSerializerOptions { IncludeFields = true, WriteIndented = true };
        var texts = new List<string>();
        foreach (var item in items)
        {
            texts.Add(JsonSerializer.Serialize(item, item.GetType()));
            texts.Add(JsonSerializer.Serialize(item, item.GetType(), withFields));
            texts.Add(item.ToString()!);
        }

        texts.Add(request.ToString()); // a request is printed, never serialized: its body and headers may carry the secret

        Assert.Contains(texts, t => t.Contains("bg_hmac_key_scan_0001", StringComparison.Ordinal)); // the scan sees real output
        SecretScan.AssertNoSecret(
            [hmac.Secret, hmac.Passphrase, pem, rsa.Passphrase, "whsec-scan-aaaaaaaaaaaaaaaa", "whsec-scan-bbbbbbbbbbbbbbbb", "whsec-scan-cccccccccccccccc"],
            texts,
            "serialized or printed credential type");
    }
}
