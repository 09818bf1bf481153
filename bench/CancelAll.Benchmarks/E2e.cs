using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CancelAll.Core.Commands;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>Row 2, this project's side: N sequential cancel-alls through the real core (DI, handlers, limiter, workflow).</summary>
public static class E2e
{
    /// <param name="MedianCallMs">The median of the N calls' own times (less swayed by a busy spell than the wall time).</param>
    /// <param name="ContextSwitchesPerCall">
    /// The process's context switches (voluntary and not, every thread, /proc) during the timed calls, per call: how
    /// often a call's work moved between threads or a thread went to sleep; 0 where /proc cannot be read.
    /// </param>
    /// <param name="WorkItemsPerCall">Thread-pool work items completed during the timed calls, per call: each is a hand-over between threads.</param>
    /// <param name="CpuMsPerCall">The process's CPU time (user and system, every thread) during the timed calls, per call.</param>
    public sealed record Result(string Client, int N, int Ok, int Cancelled, double WallMs, int RequestsPerSecond, bool LimiterOutOfTheWay, long SelfPeakRssKb, IReadOnlyList<string> Errors, double MedianCallMs = 0, double ContextSwitchesPerCall = 0, double CpuMsPerCall = 0, double WorkItemsPerCall = 0);

    /// <summary>
    /// --layer workflow (default): the whole kill (<see cref="CancelAllWorkflow"/>); client: <see cref="BitgetClient"/>
    /// alone (its handler chain, no workflow); floor: the same signed POST through a bare <see cref="HttpClient"/> (no
    /// handler chain, the body read as bytes), what .NET's loopback round trip costs before any of this project's code.
    /// The layers are a diagnostic for where a call's time goes; the table's row is the workflow.
    /// </summary>
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await RunLayerAsync(args.String("layer") ?? "workflow", new Uri(args.Required("base-url")), args.Int("n", 200), args.Int("warm", 0), args.Int("rps", 10), args.Flag("limiter-out-of-the-way"), args.Flag("app-warm-up"));
        BenchResult.Print(result);
        return result.Ok == result.N ? 0 : 1;
    }

    /// <param name="requestsPerSecond">The workflow's client limiter setting (the client layer runs with the limiter out of the way).</param>
    /// <param name="appWarmUp">The workflow layer only: the app's start-up warm-up (<see cref="WarmUp"/>, its tier-up included) runs to its end before the untimed calls, as in the app.</param>
    public static async Task<Result> RunLayerAsync(string layer, Uri baseUrl, int n, int warm, int requestsPerSecond = 10, bool limiterOutOfTheWay = false, bool appWarmUp = false) => layer switch
    {
        "workflow" => await RunAsync(baseUrl, n, requestsPerSecond, limiterOutOfTheWay, warm, appWarmUp),
        "client" => await RunClientAsync(baseUrl, n, warm),
        "floor" => await RunFloorAsync(baseUrl, n, warm),
        _ => throw new ArgumentException($"--layer must be workflow, client or floor, got '{layer}'"),
    };

    /// <param name="warm">Untimed calls before the timed ones: every contestant warms up the same way (peer.js --warm).</param>
    /// <param name="appWarmUp">Before those: the app's start-up warm-up, to its end (dry kills, reads, tier-up), as the app's host runs it.</param>
    public static async Task<Result> RunAsync(Uri baseUrl, int n, int requestsPerSecond, bool limiterOutOfTheWay, int warm = 0, bool appWarmUp = false)
    {
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond, limiterOutOfTheWay, configure: s => s.AddSingleton<WarmUp>());
        if (appWarmUp)
        {
            var warmUp = services.GetRequiredService<WarmUp>();
            await warmUp.StartAsync(CancellationToken.None);
            await warmUp.ExecuteTask!;
        }

        var workflow = services.GetRequiredService<CancelAllWorkflow>();
        var target = CancelTarget.Create(ProductType.UsdtFutures, "USDT", TradingEnvironment.Live);
        for (var i = 0; i < warm; i++)
        {
            await workflow.RunAsync(new CancelCommand(BenchAccount.Name, [target], CommandSource.Cli, CancelCommand.NewCorrelationId()), CancellationToken.None);
        }

        var errors = new List<string>();
        var timed = await TimeAsync("cancel-all core", n, 0, async () =>
        {
            var command = new CancelCommand(BenchAccount.Name, [target], CommandSource.Cli, CancelCommand.NewCorrelationId());
            var outcome = await workflow.RunAsync(command, CancellationToken.None);
            if (outcome.Status != OutcomeStatus.Succeeded && errors.Count < 3)
            {
                errors.Add($"{outcome.Status}: {outcome.Targets.FirstOrDefault()?.Error?.Message}");
            }

            return (outcome.Status == OutcomeStatus.Succeeded, outcome.CancelledCount);
        });
        return timed with { RequestsPerSecond = requestsPerSecond, LimiterOutOfTheWay = limiterOutOfTheWay, Errors = errors };
    }

    private static async Task<Result> RunClientAsync(Uri baseUrl, int n, int warm)
    {
        await using var services = CoreServices.Build(baseUrl, 100, limiterOutOfTheWay: true);
        var client = services.GetRequiredService<BitgetClient>();
        var target = CancelTarget.Create(ProductType.UsdtFutures, "USDT", TradingEnvironment.Live);
        return await TimeAsync("BitgetClient", n, warm, async () => (true, (await client.CancelAllOrdersAsync(BenchAccount.Credentials, target, CancellationToken.None)).Cancelled.Count));
    }

    private static async Task<Result> RunFloorAsync(Uri baseUrl, int n, int warm)
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseUrl };
        const string path = "/api/v2/mix/order/cancel-all-orders";
        const string body = """{"productType":"USDT-FUTURES","marginCoin":"USDT"}""";
        var secret = Encoding.UTF8.GetBytes(BenchAccount.Secret);
        return await TimeAsync("bare HttpClient", n, warm, async () =>
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("ACCESS-KEY", BenchAccount.ApiKey);
            request.Headers.Add("ACCESS-SIGN", Convert.ToBase64String(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(timestamp + "POST" + path + body))));
            request.Headers.Add("ACCESS-TIMESTAMP", timestamp);
            request.Headers.Add("ACCESS-PASSPHRASE", BenchAccount.Passphrase);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            return (response.IsSuccessStatusCode && answer.AsSpan().IndexOf("\"00000\""u8) >= 0, 0);
        });
    }

    private static async Task<Result> TimeAsync(string client, int n, int warm, Func<Task<(bool Ok, int Cancelled)>> call)
    {
        for (var i = 0; i < warm; i++)
        {
            await call();
        }

        var ok = 0;
        var cancelled = 0;
        var calls = new double[n];
        var switchesBefore = ContextSwitches();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            var callStarted = Stopwatch.GetTimestamp();
            var (callOk, callCancelled) = await call();
            calls[i] = Stopwatch.GetElapsedTime(callStarted).TotalMilliseconds;
            ok += callOk ? 1 : 0;
            cancelled += callCancelled;
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
        var switches = ContextSwitches() - switchesBefore;
        var workItems = ThreadPool.CompletedWorkItemCount - workItemsBefore;
        return new Result(client, n, ok, cancelled, wall, 0, true, BenchResult.SelfPeakRssKb(), [], BenchResult.Median(calls), n == 0 ? 0 : (double)switches / n, n == 0 ? 0 : cpu / n, n == 0 ? 0 : (double)workItems / n);
    }

    /// <summary>The sum over this process's threads of their context switches so far (Linux /proc; 0 elsewhere).</summary>
    private static long ContextSwitches()
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return 0;
        }

        long total = 0;
        foreach (var thread in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(thread, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return total;
    }
}
