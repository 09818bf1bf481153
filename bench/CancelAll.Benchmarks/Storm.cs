using System.Diagnostics;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 4: N concurrent webhook requests for one target through the core's WebhookHandler, keys from a loopback fake
/// Key Vault through the real SecretClient, the client's
/// limiter at Bitget's 10/s and the exchange at whatever limit the caller set. The process is warm, the account's
/// credentials are not cached yet (the worst case for the vault).
/// </summary>
public static class Storm
{
    public sealed record Result(int Requests, int ExchangeCalls, int VaultReads, double P50Ms, double P99Ms, double MaxMs, double WallMs, Dictionary<string, int> Answers);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await RunAsync(new Uri(args.Required("base-url")), args.Int("n", 1000));
        BenchResult.Print(result);
        return result.Answers.Keys.All(k => k == "200") ? 0 : 1;
    }

    public static async Task<Result> RunAsync(Uri baseUrl, int n)
    {
        await using var vault = await FakeVault.StartAsync();
        vault.SetAccount(BenchAccount.Name, BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase);
        using var control = new ExchangeControl(baseUrl);
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond: 10, limiterOutOfTheWay: false, vault);
        var empty = new Dictionary<string, string>();

        // A running app: JIT, the vault's TLS session and the exchange connection are warm (one request for another
        // account with the same key). The storm's account is not cached yet: its first request reads the vault.
        vault.SetAccount("warm-up", BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase);
        await services.GetRequiredService<WebhookHandler>().HandleAsync(
            new WebhookRequest($$"""{"account":"warm-up","productTypes":["USDT-FUTURES"],"marginCoin":"USDT","secret":"{{BenchAccount.WebhookSecret}}"}""", empty, empty, "127.0.0.1"),
            CancellationToken.None);
        // The warm-up's call leaves the key's sliding second: the client limiter's (1 s + its 10 ms allowance after the
        // answer) and the exchange's (1 s), so that the storm starts on an idle key as the rows beside it do.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        vault.ResetReads();
        await control.ResetAsync();

        var body = $$"""{"account":"{{BenchAccount.Name}}","productTypes":["USDT-FUTURES"],"marginCoin":"USDT","reason":"storm","secret":"{{BenchAccount.WebhookSecret}}"}""";
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, n).Select(_ => Task.Run(async () =>
        {
            var handler = services.GetRequiredService<WebhookHandler>();
            await go.Task;
            var started = Stopwatch.GetTimestamp();
            var answer = await handler.HandleAsync(new WebhookRequest(body, empty, empty, "127.0.0.1"), CancellationToken.None);
            return (Ms: Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer.StatusCode);
        })).ToList();

        var wallStarted = Stopwatch.GetTimestamp();
        go.SetResult();
        var answers = await Task.WhenAll(requests);
        var wall = Stopwatch.GetElapsedTime(wallStarted).TotalMilliseconds;

        var stats = await control.StatsAsync();
        var times = answers.Select(a => a.Ms).Order().ToList();
        return new Result(
            n,
            stats.Count(E2eConstants.CancelAllPath),
            vault.Reads,
            BenchResult.Percentile(times, 50),
            BenchResult.Percentile(times, 99),
            times.LastOrDefault(),
            wall,
            answers.GroupBy(a => a.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count()));
    }
}

internal static class E2eConstants
{
    public const string CancelAllPath = "/api/v2/mix/order/cancel-all-orders";
}
