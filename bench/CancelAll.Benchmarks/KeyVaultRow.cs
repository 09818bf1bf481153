using System.Diagnostics;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 5: Key Vault reads per N invocations for one account, warm (one invocation first). Each invocation is a real
/// webhook request that cancels on the exchange. Beside it, the naive way: read the three secrets on every invocation.
/// </summary>
public static class KeyVaultRow
{
    public sealed record Result(int Invocations, int VaultReads, int Succeeded, double WallMs, int NaiveInvocations, int NaiveVaultReads, double NaiveWallMs);

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await RunAsync(new Uri(args.Required("base-url")), args.Int("n", 1000));
        BenchResult.Print(result);
        return result.Succeeded == result.Invocations ? 0 : 1;
    }

    public static async Task<Result> RunAsync(Uri baseUrl, int n)
    {
        await using var vault = await FakeVault.StartAsync();
        vault.SetAccount(BenchAccount.Name, BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase);
        await using var services = CoreServices.Build(baseUrl, requestsPerSecond: 100, limiterOutOfTheWay: true, vault);
        var body = $$"""{"account":"{{BenchAccount.Name}}","productTypes":["USDT-FUTURES"],"marginCoin":"USDT","secret":"{{BenchAccount.WebhookSecret}}"}""";
        var empty = new Dictionary<string, string>();
        var request = new WebhookRequest(body, empty, empty, "127.0.0.1");

        // Warm: the first invocation reads the account; what follows is what a running app does.
        await services.GetRequiredService<WebhookHandler>().HandleAsync(request, CancellationToken.None);
        vault.ResetReads();
        var succeeded = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            var answer = await services.GetRequiredService<WebhookHandler>().HandleAsync(request, CancellationToken.None);
            succeeded += answer.StatusCode == 200 ? 1 : 0;
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var reads = vault.Reads;

        // Naive: the three secrets read on every invocation, with the same SecretClient over the same fake vault.
        var client = vault.CreateClient();
        await client.GetSecretAsync($"bitget-{BenchAccount.Name}-api-key");
        vault.ResetReads();
        var naiveStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < n; i++)
        {
            await Task.WhenAll(
                client.GetSecretAsync($"bitget-{BenchAccount.Name}-api-key"),
                client.GetSecretAsync($"bitget-{BenchAccount.Name}-api-secret"),
                client.GetSecretAsync($"bitget-{BenchAccount.Name}-passphrase"));
        }

        return new Result(n, reads, succeeded, wall, n, vault.Reads, Stopwatch.GetElapsedTime(naiveStarted).TotalMilliseconds);
    }
}
