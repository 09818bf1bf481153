using System.Security.Cryptography;
using System.Text;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Flatten;
using CancelAll.Core.Tests.Loopback;
using Microsoft.AspNetCore.Http;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>
/// The exchange-side countdown's cadence and refusals. A front on 127.0.0.1 answers <c>countdown-cancel-all</c> itself
/// (checking the signature as Bitget does, and answering any code: Bitget's answer for an account without access is not
/// documented) and passes every other request through to the test exchange, where the lapse flattens for real.
/// <see cref="CountdownOnTestExchangeTests"/> runs the test exchange's own countdown.
/// </summary>
[Collection(AzuriteGroup.Name)]
public sealed class CountdownTests(Azurite azurite)
{
    private const string CountdownPath = "/api/v3/trade/countdown-cancel-all";
    private const string Accounts = """[{"account":"main","productTypes":["USDT-FUTURES"],"exchangeCountdown":true},{"account":"hedge"}]""";

    /// <summary>What the front answers on the countdown path: Bitget's code and message.</summary>
    private sealed class CountdownFront : IAsyncDisposable
    {
        private readonly HttpClient passThrough = new();

        private CountdownFront(LoopbackServer server) => Server = server;

        public LoopbackServer Server { get; }

        public Uri? Exchange { get; set; }

        public string Secret { get; set; } = string.Empty;

        public (int Status, string Code, string Message) Answer { get; set; } = (200, "00000", "success");

        public List<string> BadSignatures { get; } = [];

        public List<ReceivedRequest> Countdowns => Server.Requests.Where(r => r.Path == CountdownPath).ToList();

        public static async Task<CountdownFront> StartAsync()
        {
            CountdownFront? front = null;
            var server = await LoopbackServer.StartAsync((context, request) => front!.HandleAsync(context, request), https: false);
            front = new CountdownFront(server);
            return front;
        }

        public async ValueTask DisposeAsync()
        {
            passThrough.Dispose();
            await Server.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext context, ReceivedRequest request)
        {
            if (request.Path == CountdownPath)
            {
                var prehash = request.Header("ACCESS-TIMESTAMP") + request.Method + request.Path + request.Body;
                var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(prehash)));
                if (request.Header("ACCESS-SIGN") != expected)
                {
                    lock (BadSignatures)
                    {
                        BadSignatures.Add(prehash);
                    }
                }

                context.Response.StatusCode = Answer.Status;
                context.Response.ContentType = "application/json";
                var data = Answer.Code == "00000" ? "\"success\"" : "null";
                await context.Response.WriteAsync($$"""{"code":"{{Answer.Code}}","msg":"{{Answer.Message}}","requestTime":1,"data":{{data}}}""");
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Exchange!, request.Path + request.QueryString));
            if (request.Method != "GET")
            {
                forward.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
                forward.Content.Headers.ContentType!.CharSet = null;
            }

            foreach (var (name, value) in request.Headers.Where(h => h.Key.StartsWith("ACCESS-", StringComparison.OrdinalIgnoreCase) || h.Key is "locale" or "paptrading"))
            {
                forward.Headers.TryAddWithoutValidation(name, value);
            }

            using var answer = await passThrough.SendAsync(forward);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync());
        }
    }

    private async Task<(DeadManHarness Harness, CountdownFront Front)> StartAsync()
    {
        var front = await CountdownFront.StartAsync();
        var harness = await DeadManHarness.StartAsync(azurite, Accounts, extraSettings: new Dictionary<string, string?> { ["CancelAll:Exchange:BaseUrl"] = front.Server.BaseUri.ToString() });
        front.Exchange = harness.Exchange.Exchange.BaseUri;
        front.Secret = harness.Exchange.Credentials.Secret;
        return (harness, front);
    }

    [Fact]
    public async Task Each_heartbeat_refreshes_the_countdown_at_most_once_a_second()
    {
        var (harness, front) = await StartAsync();
        await using var _ = harness;
        await using var __ = front;

        var answers = new List<string?>();
        foreach (var at in new[] { 0, 300, 600, 1000, 1500, 2000 })
        {
            harness.Clock.Advance(TimeSpan.FromMilliseconds(at) - (harness.Clock.GetUtcNow() - harness.Clock.Start));
            var response = await harness.BeatAsync(timeoutSeconds: 15);
            Assert.Equal(200, response.StatusCode);
            answers.Add(response.Answer.Countdown);
        }

        Assert.Equal(["Refreshed", "Skipped", "Skipped", "Refreshed", "Skipped", "Refreshed"], answers.Select(a => a!.Split(':')[0]));
        Assert.Equal(3, front.Countdowns.Count);
        Assert.All(front.Countdowns, r => Assert.Equal("""{"countdown":"15"}""", r.Body));
        Assert.Empty(front.BadSignatures);
        var row = Assert.Single(await harness.Store.ListAsync(CancellationToken.None));
        Assert.Equal(("Refreshed", harness.Clock.GetUtcNow()), (row.CountdownResult, row.CountdownAt));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(61)]
    public async Task With_the_countdown_the_timeout_must_fit_Bitgets_5_to_60_seconds(int seconds)
    {
        var (harness, front) = await StartAsync();
        await using var _ = harness;
        await using var __ = front;

        var response = await harness.BeatAsync(timeoutSeconds: seconds);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal($"timeoutSeconds {seconds} is out of range: use 5 to 60 seconds (this account refreshes Bitget's countdown, which takes 5 to 60 s).", response.Answer.Error!.Message);
        Assert.Empty(front.Countdowns);
    }

    [Theory]
    [InlineData(400, "40084", "You are in Classic Account mode, and the Unified Account API is not supported at this time")]
    [InlineData(400, "40054", "No access to this interface")] // the code for "access not granted" is not documented
    public async Task An_account_without_access_gets_a_recorded_error_and_the_app_side_switch_still_flattens(int status, string code, string message)
    {
        var (harness, front) = await StartAsync();
        await using var _ = harness;
        await using var __ = front;
        front.Answer = (status, code, message);
        FlattenTests.Seed(harness.Exchange);

        var response = await harness.BeatAsync(timeoutSeconds: 10);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Armed", response.Answer.State);
        var countdown = response.Answer.Countdown!;
        Assert.StartsWith($"Failed: [{code}]", countdown, StringComparison.Ordinal);
        Assert.Contains(message, countdown, StringComparison.Ordinal);
        Assert.Contains("needs a Unified Trading Account and access granted by Bitget; the app-side switch is armed and still fires", countdown, StringComparison.Ordinal);
        Assert.Equal(countdown, Assert.Single(await harness.Store.ListAsync(CancellationToken.None)).CountdownResult);
        Assert.Contains(harness.Exchange.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("exchange countdown failed", StringComparison.Ordinal));
        Assert.Single(front.Countdowns); // a refusal is not retried

        harness.Clock.Advance(TimeSpan.FromSeconds(11));
        var outcome = Assert.Single(await harness.RunLapsesAsync());
        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Empty(harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey).OpenPositions);
        Assert.Empty(harness.Exchange.Exchange.Book(harness.Exchange.Credentials.ApiKey).OpenOrders);
    }

    [Fact]
    public async Task Disarming_switches_the_countdown_off_even_right_after_a_refresh()
    {
        var (harness, front) = await StartAsync();
        await using var _ = harness;
        await using var __ = front;

        await harness.BeatAsync(timeoutSeconds: 30);
        var disarmed = await harness.Heartbeats.HandleAsync(DeadManHarness.Request("""{"account":"main","disarm":true}"""), CancellationToken.None);

        Assert.Equal(("Disarmed", "Off"), (disarmed.Answer.State, disarmed.Answer.Countdown));
        Assert.Equal(["""{"countdown":"30"}""", """{"countdown":"0"}"""], front.Countdowns.Select(r => r.Body));
    }

    [Fact]
    public async Task Accounts_without_the_countdown_never_call_it()
    {
        var (harness, front) = await StartAsync();
        await using var _ = harness;
        await using var __ = front;
        var response = await harness.BeatAsync(account: "hedge", timeoutSeconds: 600, secret: DeadManHarness.OtherSecret);
        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.Answer.Countdown);
        Assert.Empty(front.Countdowns);
    }
}
