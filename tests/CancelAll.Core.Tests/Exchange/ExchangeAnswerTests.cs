using System.Collections.Concurrent;
using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Tests.Loopback;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Exchange;

/// <summary>
/// The real client and handler chain against a loopback server that answers what Bitget's edge can answer on a bad
/// day: slow bodies, HTML pages, empty and truncated bodies, bare 408/429/5xx. Only a definite Bitget code is final.
/// </summary>
public sealed class ExchangeAnswerTests : IAsyncLifetime
{
    private const string Good = """{"code":"00000","msg":"success","requestTime":1,"data":{"successList":[{"orderId":"1","clientOid":"c1"}],"failureList":[]}}""";
    private static readonly ApiCredentials Credentials = new("loopback-key", "loopback-secret-0123456789", "loopback-pass");
    private readonly ConcurrentQueue<Func<HttpContext, Task>> answers = new();
    private LoopbackServer server = null!;
    private int requests;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync(
        (context, _) =>
        {
            Interlocked.Increment(ref requests);
            return answers.TryDequeue(out var answer) ? answer(context) : Answer(200, "application/json", Good)(context);
        },
        https: false);

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string, int, string, string> NotDefinite() => new()
    {
        { "200 text/html", 200, "text/html", "<html><body>502 Bad Gateway</body></html>" },
        { "200 empty", 200, "application/json", string.Empty },
        { "200 truncated JSON", 200, "application/json", """{"code":"00000","msg":"success","data":{"successList":[{"orderId":""" },
        { "408 empty", 408, "text/plain", string.Empty },
        { "429 empty", 429, "text/plain", string.Empty },
        { "500 empty", 500, "text/plain", string.Empty },
        { "502 html", 502, "text/html", "<html>bad gateway</html>" },
        { "503 json without code", 503, "application/json", "{}" },
    };

    [Theory]
    [MemberData(nameof(NotDefinite))]
    public async Task An_answer_that_is_not_definite_is_retried(string name, int status, string contentType, string body)
    {
        await using var services = Build(maxRetries: 3);
        Enqueue(2, Answer(status, contentType, body));

        var result = await Cancel(services);

        Assert.True(result.Cancelled.Count == 1, name);
        Assert.Equal(3, result.Stats.Attempts);
        Assert.Equal(3, requests);
    }

    [Theory]
    [MemberData(nameof(NotDefinite))]
    public async Task An_answer_that_stays_not_definite_is_reported_as_transient_after_the_retries(string name, int status, string contentType, string body)
    {
        await using var services = Build(maxRetries: 2);
        Enqueue(10, Answer(status, contentType, body));

        var e = await Assert.ThrowsAsync<ExchangeException>(() => Cancel(services));

        Assert.True(e.IsTransient, $"{name}: {e.Kind} must be redelivered, not acknowledged");
        Assert.Equal(3, requests);
        Assert.DoesNotContain(Credentials.Secret, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_definite_exchange_code_is_final_and_not_retried()
    {
        await using var services = Build(maxRetries: 3);
        Enqueue(10, Answer(400, "application/json", """{"code":"40012","msg":"apikey/password is incorrect","requestTime":1,"data":null}"""));

        var e = await Assert.ThrowsAsync<ExchangeException>(() => Cancel(services));

        Assert.Equal(ExchangeErrorKind.Credentials, e.Kind);
        Assert.False(e.IsTransient);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_body_that_trickles_ends_within_the_attempt_and_total_timeouts_and_each_attempt_is_retried()
    {
        // 100 kB at one byte per 50 ms would take over an hour and a half; the call must end after 3 attempts of 2 s. Each
        // retry opens a fresh connection: 2 s lets it reach the server on a loaded machine, so all 3 are counted. Without
        // the attempt timeout on the body, one attempt would run until the total timeout.
        await using var services = Build(maxRetries: 2, attemptTimeout: "00:00:02", totalTimeout: "00:00:15");
        Enqueue(10, context => LoopbackServer.TrickleAsync(context, 100_000, TimeSpan.FromMilliseconds(50)));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ExchangeException>(() => Cancel(services));

        Assert.Equal(ExchangeErrorKind.ExchangeUnavailable, e.Kind);
        Assert.True(e.IsTransient);
        Assert.Equal(3, requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}, as long as the total timeout");
    }

    [Fact]
    public async Task The_total_timeout_bounds_a_trickling_body_however_many_retries_are_allowed()
    {
        await using var services = Build(maxRetries: 10, attemptTimeout: "00:00:01", totalTimeout: "00:00:01.500");
        Enqueue(20, context => LoopbackServer.TrickleAsync(context, 100_000, TimeSpan.FromMilliseconds(50)));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<ExchangeException>(() => Cancel(services));

        Assert.Equal(ExchangeErrorKind.ExchangeUnavailable, e.Kind);
        Assert.InRange(requests, 1, 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_trickled_attempt_is_retried_and_the_next_answer_is_used()
    {
        // Only the trickled attempt may time out: the retry, on a fresh connection of a cold client, gets 2 s (with 300 ms
        // it sometimes took a third attempt under load, as the fault matrix's queue case did in CI with 500 ms).
        await using var services = Build(maxRetries: 2, attemptTimeout: "00:00:02");
        Enqueue(1, context => LoopbackServer.TrickleAsync(context, 100_000, TimeSpan.FromMilliseconds(50)));

        var result = await Cancel(services);

        Assert.Single(result.Cancelled);
        Assert.Equal(2, result.Stats.Attempts);
    }

    private static Func<HttpContext, Task> Answer(int status, string contentType, string body) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    };

    private void Enqueue(int count, Func<HttpContext, Task> answer)
    {
        for (var i = 0; i < count; i++)
        {
            answers.Enqueue(answer);
        }
    }

    private static Task<CancelAllResult> Cancel(ServiceProvider services) =>
        services.GetRequiredService<BitgetClient>().CancelAllOrdersAsync(Credentials, CancelTarget.Create(ProductType.UsdtFutures, "USDT", TradingEnvironment.Live), CancellationToken.None);

    private ServiceProvider Build(int maxRetries, string attemptTimeout = "00:00:02", string totalTimeout = "00:00:10")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ExchangeOptions.Section}:BaseUrl"] = server.BaseUri.ToString(),
            [$"{ExchangeOptions.Section}:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ExchangeOptions.Section}:RetryBaseDelay"] = "00:00:00.010",
            [$"{ExchangeOptions.Section}:AttemptTimeout"] = attemptTimeout,
            [$"{ExchangeOptions.Section}:TotalTimeout"] = totalTimeout,
        }).Build();
        return new ServiceCollection().AddLogging().AddBitgetExchange(configuration).BuildServiceProvider();
    }
}
