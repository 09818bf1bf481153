using System.Net;
using System.Text.Json;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Tests.Support;

namespace CancelAll.Core.Tests.Exchange;

public class BitgetClientTests
{
    public static TheoryData<ProductType, string?, bool, TradingEnvironment> EveryProductTypeAndEnvironment()
    {
        var data = new TheoryData<ProductType, string?, bool, TradingEnvironment>();
        foreach (var (type, coin) in new[] { (ProductType.UsdtFutures, "USDT"), (ProductType.CoinFutures, "BTC"), (ProductType.UsdcFutures, (string?)null) })
        {
            data.Add(type, coin, false, TradingEnvironment.Live);
            data.Add(type, coin, true, TradingEnvironment.Demo);
            data.Add(type, coin is null ? null : "S" + coin, true, TradingEnvironment.DemoPrefixed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryProductTypeAndEnvironment))]
    public async Task Cancels_every_product_type_in_every_environment(ProductType type, string? coin, bool demoKey, TradingEnvironment environment)
    {
        await using var harness = await ExchangeHarness.StartAsync(demo: demoKey);
        var wire = type.DisplayName();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, wire, coin ?? "USDC", 3);

        var result = await harness.CancelAsync(type, coin, environment);

        Assert.Equal(3, result.Cancelled.Count);
        Assert.Empty(harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders);
        var sent = Assert.Single(harness.SignedRequests);
        Assert.Equal(200, sent.Status);
        Assert.Equal(environment == TradingEnvironment.Demo ? "1" : null, sent.Header("paptrading"));
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(environment == TradingEnvironment.DemoPrefixed ? "S" + wire : wire, body.RootElement.GetProperty("productType").GetString());
    }

    [Fact]
    public async Task Rsa_keys_sign_requests_the_exchange_verifies()
    {
        await using var harness = await ExchangeHarness.StartAsync(rsa: true);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);
        var result = await harness.CancelAsync(ProductType.UsdtFutures, "USDT");
        Assert.Equal(2, result.Cancelled.Count);
    }

    [Fact]
    public async Task Sends_the_exact_headers_and_the_signed_body_bytes()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        await harness.CancelAsync(ProductType.UsdtFutures, "usdt");
        var sent = Assert.Single(harness.SignedRequests);
        Assert.Equal("""{"productType":"USDT-FUTURES","marginCoin":"USDT"}""", sent.Body);
        Assert.Equal(harness.Credentials.ApiKey, sent.Header("ACCESS-KEY"));
        Assert.Equal(harness.Credentials.Passphrase, sent.Header("ACCESS-PASSPHRASE"));
        Assert.Equal("en-US", sent.Header("locale"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        var timestamp = long.Parse(sent.Header("ACCESS-TIMESTAMP")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            BitgetSigner.Sign(harness.Credentials, BitgetSigner.Prehash(timestamp, "POST", BitgetClient.CancelAllOrdersPath, null, sent.Body)),
            sent.Header("ACCESS-SIGN"));
    }

    [Fact]
    public async Task Receive_window_is_sent_with_a_request_time()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Exchange:ReceiveWindow"] = "00:00:10" });
        await harness.CancelAsync(ProductType.UsdtFutures);
        using var body = JsonDocument.Parse(Assert.Single(harness.SignedRequests).Body);
        Assert.Equal("10000", body.RootElement.GetProperty("receiveWindow").GetString());
        Assert.True(long.Parse(body.RootElement.GetProperty("requestTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000_000);
    }

    [Fact]
    public async Task Nothing_to_cancel_is_success_with_no_orders()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var result = await harness.CancelAsync(ProductType.UsdtFutures);
        Assert.True(result.NothingToCancel);
        Assert.Equal("22001", Assert.Single(harness.SignedRequests).Code);
    }

    [Fact]
    public async Task Orders_that_fail_to_cancel_are_reported_with_their_codes()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var orders = harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 3);
        harness.Exchange.Faults.FailingOrders[orders[1].OrderId] = "order is being filled";

        var result = await harness.CancelAsync(ProductType.UsdtFutures);

        Assert.Equal(2, result.Cancelled.Count);
        var failed = Assert.Single(result.Failed);
        Assert.Equal(orders[1].OrderId, failed.OrderId);
        Assert.Equal(orders[1].ClientOid, failed.ClientOid);
        Assert.Equal("22002", failed.ErrorCode);
        Assert.Equal("order is being filled", failed.ErrorMessage);
    }

    [Theory]
    [InlineData("40006", ExchangeErrorKind.Credentials)]
    [InlineData("40012", ExchangeErrorKind.Credentials)]
    [InlineData("40037", ExchangeErrorKind.Credentials)]
    [InlineData("40014", ExchangeErrorKind.Permission)]
    [InlineData("40018", ExchangeErrorKind.Permission)]
    [InlineData("40009", ExchangeErrorKind.Signature)]
    [InlineData("40017", ExchangeErrorKind.BadRequest)]
    [InlineData("40808", ExchangeErrorKind.BadRequest)]
    [InlineData("40079", ExchangeErrorKind.BadRequest)]
    [InlineData("40099", ExchangeErrorKind.EnvironmentMismatch)]
    public async Task Fatal_codes_are_classified_and_never_retried(string code, ExchangeErrorKind kind)
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(5, HttpStatusCode.BadRequest, code, "injected");

        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(code, e.Code);
        Assert.Contains(code, e.Message, StringComparison.Ordinal);
        Assert.Single(harness.SignedRequests);
    }

    [Fact]
    public async Task Wrong_passphrase_unknown_key_and_wrong_secret_get_the_real_codes()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        var target = CancelTarget.Create(ProductType.UsdtFutures, null, TradingEnvironment.Live);
        var c = harness.Credentials;

        var passphrase = await Assert.ThrowsAsync<ExchangeException>(() => harness.Client.CancelAllOrdersAsync(new(c.ApiKey, c.Secret, "wrong"), target, default));
        var key = await Assert.ThrowsAsync<ExchangeException>(() => harness.Client.CancelAllOrdersAsync(new("bg_unknown_key", c.Secret, c.Passphrase), target, default));
        var secret = await Assert.ThrowsAsync<ExchangeException>(() => harness.Client.CancelAllOrdersAsync(new(c.ApiKey, "wrong-secret", c.Passphrase), target, default));

        Assert.Equal(("40012", ExchangeErrorKind.Credentials), (passphrase.Code, passphrase.Kind));
        Assert.Equal(("40037", ExchangeErrorKind.Credentials), (key.Code, key.Kind));
        Assert.Equal(("40009", ExchangeErrorKind.Signature), (secret.Code, secret.Kind));
        Assert.Equal(3, harness.SignedRequests.Count);
    }

    [Fact]
    public async Task Demo_and_live_mismatch_names_the_environment()
    {
        await using var harness = await ExchangeHarness.StartAsync(demo: false);
        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures, environment: TradingEnvironment.Demo));
        Assert.Equal(ExchangeErrorKind.EnvironmentMismatch, e.Kind);
        Assert.Equal("40099", e.Code);
        Assert.Contains("environment and the key do not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skewed_clock_resyncs_with_server_time_and_retries_once()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.ClockSkew = TimeSpan.FromMinutes(2);
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 1);

        var result = await harness.CancelAsync(ProductType.UsdtFutures);

        Assert.Single(result.Cancelled);
        var seen = harness.Exchange.Received.Select(r => (r.Path, r.Code)).ToList();
        Assert.Equal(
            [(BitgetClient.CancelAllOrdersPath, "40008"), (BitgetClient.ServerTimePath, (string?)null), (BitgetClient.CancelAllOrdersPath, "00000")],
            seen);
    }

    [Fact]
    public async Task Timestamp_still_rejected_after_resync_is_final()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(2, HttpStatusCode.BadRequest, "40008");
        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));
        Assert.Equal(ExchangeErrorKind.Timestamp, e.Kind);
        Assert.Equal(2, harness.SignedRequests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]
    [InlineData(HttpStatusCode.InternalServerError, "40015")]
    [InlineData(HttpStatusCode.TooManyRequests, "429")]
    [InlineData(HttpStatusCode.BadRequest, "40015")]
    public async Task Transient_failures_are_retried_until_success(HttpStatusCode status, string? code)
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 1);
        harness.Exchange.Faults.FailNext(2, status, code);

        var result = await harness.CancelAsync(ProductType.UsdtFutures);

        Assert.Single(result.Cancelled);
        Assert.Equal(3, result.Stats.Attempts);
        Assert.Equal(3, harness.SignedRequests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, null, ExchangeErrorKind.ExchangeUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests, "429", ExchangeErrorKind.RateLimited)]
    public async Task Transient_failures_stop_after_the_retry_budget(HttpStatusCode status, string? code, ExchangeErrorKind kind)
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(20, status, code);

        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(4, harness.SignedRequests.Count); // one try and MaxRetries = 3
    }

    [Fact]
    public async Task A_hung_attempt_times_out_and_is_retried()
    {
        // The attempt timeout leaves room for a loaded machine: only the hung attempt may time out, never the retry.
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Exchange:AttemptTimeout"] = "00:00:02" });
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 1);
        harness.Exchange.Faults.HangNext(1, TimeSpan.FromSeconds(30));

        var result = await harness.CancelAsync(ProductType.UsdtFutures);

        Assert.Single(result.Cancelled);
        Assert.Equal(2, result.Stats.Attempts);
    }

    [Fact]
    public async Task Persistent_timeouts_become_exchange_unavailable()
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CancelAll:Exchange:AttemptTimeout"] = "00:00:00.200",
            ["CancelAll:Exchange:MaxRetries"] = "1",
        });
        harness.Exchange.Faults.HangNext(5, TimeSpan.FromSeconds(3));

        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));

        Assert.Equal(ExchangeErrorKind.ExchangeUnavailable, e.Kind);
    }

    [Fact]
    public async Task Malformed_answer_is_a_clear_error_retried_and_reported_as_transient()
    {
        // An answer that cannot be read says nothing definite about the orders: retried, then redelivered, never acknowledged.
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.MalformedNext(10);
        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));
        Assert.Equal(ExchangeErrorKind.MalformedResponse, e.Kind);
        Assert.Contains("could not be read", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsTransient);
        Assert.Equal(4, harness.SignedRequests.Count); // one try and MaxRetries = 3
    }

    [Fact]
    public async Task Malformed_answers_are_retried_until_a_readable_one()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 1);
        harness.Exchange.Faults.MalformedNext(2);

        var result = await harness.CancelAsync(ProductType.UsdtFutures);

        Assert.Single(result.Cancelled);
        Assert.Equal(3, result.Stats.Attempts);
    }

    [Fact]
    public async Task A_bare_408_is_retried_and_then_reported_as_transient()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(10, HttpStatusCode.RequestTimeout);

        var e = await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));

        Assert.Equal(ExchangeErrorKind.ExchangeUnavailable, e.Kind);
        Assert.Equal("HTTP 408", e.Code);
        Assert.True(e.IsTransient);
        Assert.Equal(4, harness.SignedRequests.Count);
    }

    [Fact]
    public async Task Fifty_concurrent_calls_for_one_key_never_exceed_ten_requests_in_any_second()
    {
        // The exchange counts arrivals. On a loaded machine a request can reach it tens of milliseconds after its permit,
        // more than the default 10 ms allowance for network jitter: 100 ms keeps its neighbours a second apart there
        // too. Slow answers must not be retried either (each retry is one more request).
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CancelAll:Exchange:ArrivalAllowance"] = "00:00:00.100",
            ["CancelAll:Exchange:AttemptTimeout"] = "00:00:10",
        });
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => harness.CancelAsync(ProductType.UsdtFutures)));

        var times = harness.SignedRequests.Select(r => r.ReceivedAt).Order().ToList();
        Assert.All(harness.SignedRequests, r => Assert.Equal("22001", r.Code)); // none was refused with 429
        Assert.Equal(50, times.Count);
        for (var i = 10; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 10] >= TimeSpan.FromSeconds(1), $"requests {i - 10} and {i} arrived {(times[i] - times[i - 10]).TotalMilliseconds} ms apart");
        }
    }

    [Fact]
    public async Task Logs_carry_no_secret()
    {
        await using var harness = await ExchangeHarness.StartAsync();
        harness.Exchange.Faults.FailNext(1, HttpStatusCode.BadRequest, "40009");
        await Assert.ThrowsAsync<ExchangeException>(() => harness.CancelAsync(ProductType.UsdtFutures));
        harness.Exchange.Faults.ClockSkew = TimeSpan.FromMinutes(1);
        await harness.CancelAsync(ProductType.UsdtFutures);
        SecretScan.AssertNoSecrets(harness.Logs.Lines, harness.Credentials.Secret, harness.Credentials.Passphrase);
    }
}
