using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CancelAll.Benchmarks;

/// <summary>
/// The scale-out row: what Flex Consumption does under a storm, on one machine. N app instances (separate processes,
/// each with the production registrations of the core and the webhook handler behind its own loopback port) share one
/// test exchange (classic, 10/s per key, as Bitget). 1000 webhooks for one account and one target arrive at once, spread
/// over the instances as a load balancer would (round robin). Counted: the exchange's calls for the target and its
/// 429s (its own counters), and whether every webhook got its kill (200 with an outcome that is not failed).
/// Each instance has its own limiter and storm coalescer: this shows what they do not share.
/// </summary>
public static class ScaleOutRow
{
    public sealed record Round(int Instances, int Webhooks, int Killed, Dictionary<string, int> Answers, int ExchangeCalls, int TooManyRequests, double CallsPerInstance, double P50Ms, double P99Ms, double WallMs);

    /// <summary>scale-out: the driver. --instances 1,2,4,8 --n 1000 --exchange-dll PATH</summary>
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var counts = (args.String("instances") ?? "1,2,4,8").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var n = args.Int("n", 1000);
        await using var exchange = await ExchangeProcess.StartAsync(args.Required("exchange-dll"));
        var rounds = new List<Round>();
        foreach (var count in counts)
        {
            rounds.Add(await RunRoundAsync(exchange.BaseUrl, count, n));
            Console.Error.WriteLine($"scale-out: {count} instance(s) done");
        }

        Console.WriteLine(Table(rounds));
        BenchResult.Print(rounds);
        return rounds.All(r => r.Killed == r.Webhooks) ? 0 : 1;
    }

    /// <summary>scale-out-app: one app instance. Prints its loopback address, then serves POST /api/webhook until killed.</summary>
    public static async Task<int> RunInstanceAsync(BenchArgs args)
    {
        await using var services = CoreServices.Build(new Uri(args.Required("base-url")), requestsPerSecond: 10, limiterOutOfTheWay: false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        var none = new Dictionary<string, string>();
        app.MapPost("/api/webhook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var answer = await services.GetRequiredService<WebhookHandler>().HandleAsync(new WebhookRequest(body, none, none, null), http.RequestAborted);
            http.Response.StatusCode = answer.StatusCode;
            http.Response.ContentType = WebhookResponse.ContentType;
            await http.Response.WriteAsync(answer.Body, http.RequestAborted);
        });
        await app.StartAsync();
        Console.WriteLine(app.Urls.First());
        await app.WaitForShutdownAsync();
        return 0;
    }

    public static string Table(IReadOnlyList<Round> rounds)
    {
        var table = new StringBuilder()
            .AppendLine("| scale-out | instances | webhooks | got their kill | exchange calls for the target | per instance | 429s | p50 | p99 | wall |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rounds)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| scale-out | {r.Instances} | {r.Webhooks} | {r.Killed} | {r.ExchangeCalls} | {r.CallsPerInstance:0.0} | {r.TooManyRequests} | {r.P50Ms:0} ms | {r.P99Ms:0} ms | {r.WallMs:0} ms |");
        }

        return table.ToString();
    }

    /// <summary>One round: <paramref name="count"/> instances against the exchange at <paramref name="exchangeUrl"/>, <paramref name="n"/> webhooks.</summary>
    public static async Task<Round> RunRoundAsync(Uri exchangeUrl, int count, int n)
    {
        var instances = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => AppInstance.StartAsync(exchangeUrl)));
        try
        {
            using var control = new ExchangeControl(exchangeUrl);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(2) };
            var body = $$"""{"account":"{{BenchAccount.Name}}","productTypes":["USDT-FUTURES"],"marginCoin":"USDT","reason":"scale-out","secret":"{{BenchAccount.WebhookSecret}}"}""";

            // Warm instances, as Flex Consumption's are once they serve: one kill each, then the key's windows pass.
            foreach (var instance in instances)
            {
                using var warm = await http.PostAsync(instance.Webhook, new StringContent(body, Encoding.UTF8, "application/json"));
            }

            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await control.ResetAsync();

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var requests = Enumerable.Range(0, n).Select(i => Task.Run(async () =>
            {
                await go.Task;
                var started = Stopwatch.GetTimestamp();
                using var answer = await http.PostAsync(instances[i % count].Webhook, new StringContent(body, Encoding.UTF8, "application/json"));
                var text = await answer.Content.ReadAsStringAsync();
                var status = answer.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)?["status"]?.GetValue<string>() : null;
                return (Ms: Stopwatch.GetElapsedTime(started).TotalMilliseconds, Code: (int)answer.StatusCode, Killed: status is "Succeeded" or "NothingToCancel");
            })).ToList();
            var wallStarted = Stopwatch.GetTimestamp();
            go.SetResult();
            var answers = await Task.WhenAll(requests);
            var wall = Stopwatch.GetElapsedTime(wallStarted).TotalMilliseconds;

            var stats = await control.StatsAsync();
            var calls = stats.Count(BitgetEndpoints.V2CancelAllOrders);
            var times = answers.Select(a => a.Ms).Order().ToList();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            return new Round(
                count,
                n,
                answers.Count(a => a.Killed),
                answers.GroupBy(a => a.Code.ToString(CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count()),
                calls,
                stats.Requests.Where(r => r.Key.EndsWith(" 429", StringComparison.Ordinal)).Sum(r => r.Value),
                (double)calls / count,
                BenchResult.Percentile(times, 0.50),
                BenchResult.Percentile(times, 0.99),
                wall);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    /// <summary>One app instance: this tool in scale-out-app mode, in its own process.</summary>
    private sealed class AppInstance : IAsyncDisposable
    {
        private readonly Process process;

        private AppInstance(Process process, Uri webhook)
        {
            this.process = process;
            Webhook = webhook;
        }

        public Uri Webhook { get; }

        public static async Task<AppInstance> StartAsync(Uri exchangeUrl)
        {
            var info = new ProcessStartInfo("dotnet", $"\"{typeof(ScaleOutRow).Assembly.Location}\" scale-out-app --base-url {exchangeUrl}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start an app instance");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var first = await process.StandardOutput.ReadLineAsync(deadline.Token);
            if (first is null || !Uri.TryCreate(first.Trim(), UriKind.Absolute, out var url) || url.Host != "127.0.0.1")
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"An app instance did not print a loopback address: '{first}' {await process.StandardError.ReadToEndAsync()}");
            }

            return new AppInstance(process, new Uri(url, "/api/webhook"));
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
