using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 1: the in-process cost of one cancel-all, no network. The exchange's answer is pre-canned in the primary
/// handler (a successList of 5 orders, as the test exchange answers); everything above it is production code: the
/// handler chain (resilience, limiter, per-attempt timeout, signing), request building, JSON both ways.
/// The limiter is the real one with a limit no benchmark loop reaches.
/// </summary>
[MemoryDiagnoser]
public class CancelAllInProcess
{
    public const string CannedAnswer =
        """{"code":"00000","msg":"success","requestTime":1767225600000,"data":{"successList":[{"orderId":"1000000000001","clientOid":"cli-1000000000001"},{"orderId":"1000000000002","clientOid":"cli-1000000000002"},{"orderId":"1000000000003","clientOid":"cli-1000000000003"},{"orderId":"1000000000004","clientOid":"cli-1000000000004"},{"orderId":"1000000000005","clientOid":"cli-1000000000005"}],"failureList":[]}}""";

    private static readonly Dictionary<string, string> Empty = [];
    private ServiceProvider services = null!;
    private BitgetClient client = null!;
    private CancelAllWorkflow workflow = null!;
    private WebhookHandler webhook = null!;
    private ApiCredentials credentials = null!;
    private WebhookRequest webhookRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        services = CoreServices.Build(new Uri("http://127.0.0.1:9/"), requestsPerSecond: 100, limiterOutOfTheWay: true, configure: s =>
            s.AddHttpClient(ExchangeServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new CannedHandler()));
        client = services.GetRequiredService<BitgetClient>();
        workflow = services.GetRequiredService<CancelAllWorkflow>();
        webhook = services.GetRequiredService<WebhookHandler>();
        credentials = BenchAccount.Credentials;
        webhookRequest = new WebhookRequest(
            $$"""{"account":"{{BenchAccount.Name}}","productTypes":["USDT-FUTURES"],"marginCoin":"USDT","secret":"{{BenchAccount.WebhookSecret}}"}""", Empty, Empty, "127.0.0.1");
    }

    [GlobalCleanup]
    public void Cleanup() => services.Dispose();

    /// <summary>Validate the target, build and serialize the body, sign (HMAC-SHA256) and produce the headers.</summary>
    [Benchmark]
    public int SignOnly()
    {
        var target = CancelTarget.Create(ProductType.UsdtFutures, "usdt", TradingEnvironment.Live);
        var request = client.PrepareCancelAll(credentials, target);
        return request.SignedHeaders(credentials, 1_767_225_600_000, "en-US").Count;
    }

    /// <summary>One BitgetClient call: validate, sign, serialize, send through the handler chain to the canned answer, parse it.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> ClientCall()
    {
        var target = CancelTarget.Create(ProductType.UsdtFutures, "usdt", TradingEnvironment.Live);
        var result = await client.CancelAllOrdersAsync(credentials, target, CancellationToken.None);
        return result.Cancelled.Count;
    }

    /// <summary>The workflow around it: credentials, coalescer, outcome.</summary>
    [Benchmark]
    public async Task<int> WorkflowCall()
    {
        var target = CancelTarget.Create(ProductType.UsdtFutures, "usdt", TradingEnvironment.Live);
        var outcome = await workflow.RunAsync(new CancelCommand(BenchAccount.Name, [target], CommandSource.Cli, CancelCommand.NewCorrelationId()), CancellationToken.None);
        return outcome.CancelledCount;
    }

    /// <summary>A whole webhook request: secret check, JSON command, workflow, outcome JSON.</summary>
    [Benchmark]
    public async Task<int> WebhookCall()
    {
        var answer = await webhook.HandleAsync(webhookRequest, CancellationToken.None);
        return answer.Body.Length;
    }

    private sealed class CannedHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Headers.Contains("ACCESS-SIGN"))
            {
                throw new InvalidOperationException("The request reached the network unsigned.");
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(CannedAnswer, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }
}

public static class Micro
{
    public sealed record Case(string Name, double MeanNs, double ErrorNs, long AllocatedBytes);

    public sealed record Result(bool Quick, IReadOnlyList<Case> Cases);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = args.Flag("quick") ? await QuickAsync(args.Int("n", 200)) : Full(args.String("artifacts") ?? Path.Combine("bench", "out", "bdn"));
        BenchResult.Print(result);
        return result.Cases.Count == 4 ? 0 : 1;
    }

    /// <summary>Without BenchmarkDotNet: each case run n times with a stopwatch and the process-wide allocation counter (rough: it counts other threads too). For the smoke test.</summary>
    public static async Task<Result> QuickAsync(int n)
    {
        var bench = new CancelAllInProcess();
        bench.Setup();
        try
        {
            var cases = new List<Case>();
            foreach (var (name, run) in new (string, Func<Task<int>>)[]
            {
                (nameof(bench.SignOnly), () => Task.FromResult(bench.SignOnly())),
                (nameof(bench.ClientCall), bench.ClientCall),
                (nameof(bench.WorkflowCall), bench.WorkflowCall),
                (nameof(bench.WebhookCall), bench.WebhookCall),
            })
            {
                if (await run() <= 0)
                {
                    throw new InvalidOperationException($"{name} returned nothing.");
                }

                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    await run();
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                cases.Add(new Case(name, elapsed.TotalNanoseconds / n, 0, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / n));
            }

            return new Result(true, cases);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    public static Result Full(string artifacts)
    {
        var summary = BenchmarkRunner.Run<CancelAllInProcess>(InProcessConfig.Create(artifacts));
        var cases = summary.Reports
            .Where(r => r.Success && r.ResultStatistics is not null)
            .Select(r => new Case(
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.ResultStatistics!.Mean,
                r.ResultStatistics.StandardError,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1))
            .ToList();
        return new Result(false, cases);
    }

    public static string Describe(Case c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.MeanNs / 1000:0.0} µs, {c.AllocatedBytes / 1024.0:0.0} KiB");
}
