using System.Diagnostics;
using CancelAll.Core.Commands;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>Row 2, this project's side: N sequential cancel-alls through the real core (DI, handlers, limiter, workflow).</summary>
public static class E2e
{
    public sealed record Result(string Client, int N, int Ok, int Cancelled, double WallMs, int RequestsPerSecond, bool LimiterOutOfTheWay, long SelfPeakRssKb, IReadOnlyList<string> Errors);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await RunAsync(new Uri(args.Required("base-url")), args.Int("n", 200), args.Int("rps", 10), args.Flag("limiter-out-of-the-way"), args.Int("warm", 0));
        BenchResult.Print(result);
        return result.Ok == result.N ? 0 : 1;
    }

    /// <param name="warm">Untimed calls before the timed ones: every contestant warms up the same way (peer.js --warm).</param>
    public static async Task<Result> RunAsync(Uri baseUrl, int n, int requestsPerSecond, bool limiterOutOfTheWay, int warm = 0)
    {
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond, limiterOutOfTheWay);
        var workflow = services.GetRequiredService<CancelAllWorkflow>();
        var target = CancelTarget.Create(ProductType.UsdtFutures, "USDT", TradingEnvironment.Live);
        for (var i = 0; i < warm; i++)
        {
            await workflow.RunAsync(new CancelCommand(BenchAccount.Name, [target], CommandSource.Cli, CancelCommand.NewCorrelationId()), CancellationToken.None);
        }

        var ok = 0;
        var cancelled = 0;
        var errors = new List<string>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            var command = new CancelCommand(BenchAccount.Name, [target], CommandSource.Cli, CancelCommand.NewCorrelationId());
            var outcome = await workflow.RunAsync(command, CancellationToken.None);
            if (outcome.Status == OutcomeStatus.Succeeded)
            {
                ok++;
                cancelled += outcome.CancelledCount;
            }
            else if (errors.Count < 3)
            {
                errors.Add($"{outcome.Status}: {outcome.Targets.FirstOrDefault()?.Error?.Message}");
            }
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new Result("cancel-all core", n, ok, cancelled, wall, requestsPerSecond, limiterOutOfTheWay, BenchResult.SelfPeakRssKb(), errors);
    }
}
