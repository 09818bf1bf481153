using System.Globalization;
using System.Text.Json;

namespace CancelAll.Benchmarks;

/// <summary>The test exchange's /_bench hooks: stats, reset, rate limit; seeding an account and counting what it holds open.</summary>
public sealed class ExchangeControl(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };

    public Uri BaseUrl => baseUrl;

    public async Task ResetAsync() => (await http.PostAsync(new Uri("_bench/reset", UriKind.Relative), null)).EnsureSuccessStatusCode();

    public async Task SetRateLimitAsync(int perSecond) =>
        (await http.PostAsync(new Uri("_bench/rate-limit?perSecond=" + perSecond.ToString(CultureInfo.InvariantCulture), UriKind.Relative), null)).EnsureSuccessStatusCode();

    public async Task<ExchangeStats> StatsAsync() =>
        JsonSerializer.Deserialize<ExchangeStats>(await http.GetStringAsync(new Uri("_bench/stats", UriKind.Relative)), BenchResult.Json)!;

    public Task AddOrdersAsync(string apiKey, string category, string symbol, int count) =>
        PostAsync($"_bench/orders?apiKey={E(apiKey)}&category={E(category)}&symbol={E(symbol)}&count={count.ToString(CultureInfo.InvariantCulture)}");

    public Task AddStrategyOrderAsync(string apiKey, string category, string symbol, string type, string posSide = "long") =>
        PostAsync($"_bench/strategy-orders?apiKey={E(apiKey)}&category={E(category)}&symbol={E(symbol)}&type={E(type)}&posSide={E(posSide)}");

    public Task AddUtaPositionAsync(string apiKey, string category, string symbol, string posSide) =>
        PostAsync($"_bench/positions?apiKey={E(apiKey)}&category={E(category)}&symbol={E(symbol)}&posSide={E(posSide)}");

    public async Task<OpenBook> BookAsync(string apiKey) =>
        JsonSerializer.Deserialize<OpenBook>(await http.GetStringAsync(new Uri("_bench/book?apiKey=" + E(apiKey), UriKind.Relative)), BenchResult.Json)!;

    public void Dispose() => http.Dispose();

    private async Task PostAsync(string relative)
    {
        using var answer = await http.PostAsync(new Uri(relative, UriKind.Relative), null);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The test exchange refused {relative.Split('?')[0]}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static string E(string value) => Uri.EscapeDataString(value);
}

/// <param name="SignedServerMs">The exchange's own time summed over the signed requests (arrival at its middleware to the answer written).</param>
public sealed record ExchangeStats(int Signed, double FirstSignedMs, double LastSignedMs, double SignedServerMs, Dictionary<string, int> Requests)
{
    public int Count(string path, int? status = null) =>
        Requests.Where(r => status is null ? r.Key.StartsWith(path + " ", StringComparison.Ordinal) : r.Key == $"{path} {status}").Sum(r => r.Value);
}
