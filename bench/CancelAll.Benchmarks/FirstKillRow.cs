using System.Diagnostics;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 0, this project's side: a fresh process with the production registrations and the app's start-up warm-up,
/// then the first alert: one webhook request, a real signed cancel-all at the test exchange. The first kill is timed
/// from the request to its answer, as peer.js times a peer's first call (--n 1). The warm-up runs before the alert
/// arrives, as in the app, where it runs while the host starts.
/// </summary>
public static class FirstKillRow
{
    /// <summary>
    /// none: no warm-up; reads: the exchange clock, the account's keys and mode (the warm-up before the dry kill);
    /// full: the app's WarmUp up to <see cref="WarmUp.Warmed"/> (its dry kills and reads), the alert arriving while its
    /// tier-up has just begun (the alert stops it); tier-up: the alert after the tier-up has ended as well.
    /// </summary>
    public static readonly string[] WarmUps = ["none", "reads", "full", "tier-up"];

    /// <param name="StartToMainMs">From the process's start to this mode's entry: the runtime's start, the host resolving the app, Main.</param>
    /// <param name="BuildMs">The production registrations built into a service provider and every setting validated (the app's host build).</param>
    /// <param name="StartToAnsweredMs">From the process's start (the kernel's record of it) to the first kill answered.</param>
    /// <remarks>The kernel records a process's start in clock ticks (10 ms on Linux), so the figures from it are that coarse.</remarks>
    public sealed record Result(string WarmUp, double StartToMainMs, double BuildMs, double StartToReadyMs, double WarmUpMs, double FirstKillMs, double StartToAnsweredMs, int Status, int Cancelled);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var startToMain = SinceProcessStart();
        var result = await RunAsync(new Uri(args.Required("base-url")), args.String("warm-up") ?? "full", startToMain);
        BenchResult.Print(result);
        return result.Status == 200 && result.Cancelled > 0 ? 0 : 1;
    }

    public static async Task<Result> RunAsync(Uri baseUrl, string warmUp, double startToMainMs)
    {
        var building = Stopwatch.GetTimestamp();
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond: 10, limiterOutOfTheWay: false, configure: s => s.AddSingleton<WarmUp>());
        var buildMs = Stopwatch.GetElapsedTime(building).TotalMilliseconds;
        var warming = Stopwatch.GetTimestamp();
        switch (warmUp)
        {
            case "none":
                break;
            case "reads":
                await services.GetRequiredService<BitgetClient>().SyncClockAsync(CancellationToken.None);
                var keys = await services.GetRequiredService<ICredentialsProvider>().GetAsync(BenchAccount.Name, CancellationToken.None);
                await services.GetRequiredService<AccountApis>().DetectAsync(BenchAccount.Name, keys, CancellationToken.None);
                break;
            case "full":
                var host = services.GetRequiredService<WarmUp>();
                await host.StartAsync(CancellationToken.None);
                await host.Warmed;
                break;
            case "tier-up":
                var tiering = services.GetRequiredService<WarmUp>();
                await tiering.StartAsync(CancellationToken.None);
                await tiering.ExecuteTask!;
                break;
            default:
                throw new ArgumentException($"--warm-up must be one of {string.Join(", ", WarmUps)}, got '{warmUp}'.");
        }

        var warmUpMs = Stopwatch.GetElapsedTime(warming).TotalMilliseconds;
        var startToReady = SinceProcessStart();

        var webhook = services.GetRequiredService<WebhookHandler>();
        var request = new WebhookRequest(
            $$"""{"account":"{{BenchAccount.Name}}","productType":"USDT-FUTURES","marginCoin":"USDT","secret":"{{BenchAccount.WebhookSecret}}"}""",
            new Dictionary<string, string>(),
            new Dictionary<string, string>(),
            "127.0.0.1");
        var started = Stopwatch.GetTimestamp();
        var answer = await webhook.HandleAsync(request, CancellationToken.None);
        var firstKill = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var startToAnswered = SinceProcessStart();
        return new Result(warmUp, startToMainMs, buildMs, startToReady, warmUpMs, firstKill, startToAnswered, answer.StatusCode, answer.Outcome?.CancelledCount ?? 0);
    }

    private static double SinceProcessStart()
    {
        using var self = Process.GetCurrentProcess();
        return (DateTime.Now - self.StartTime).TotalMilliseconds;
    }
}
