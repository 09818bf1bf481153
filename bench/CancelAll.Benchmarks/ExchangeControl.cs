using System.Globalization;
using System.Text.Json;

namespace CancelAll.Benchmarks;

/// <summary>The test exchange's /_bench hooks: stats, reset, rate limit.</summary>
public sealed class ExchangeControl(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };

    public Uri BaseUrl => baseUrl;

    public async Task ResetAsync() => (await http.PostAsync(new Uri("_bench/reset", UriKind.Relative), null)).EnsureSuccessStatusCode();

    public async Task SetRateLimitAsync(int perSecond) =>
        (await http.PostAsync(new Uri("_bench/rate-limit?perSecond=" + perSecond.ToString(CultureInfo.InvariantCulture), UriKind.Relative), null)).EnsureSuccessStatusCode();

    public async Task<ExchangeStats> StatsAsync() =>
        JsonSerializer.Deserialize<ExchangeStats>(await http.GetStringAsync(new Uri("_bench/stats", UriKind.Relative)), BenchResult.Json)!;

    public void Dispose() => http.Dispose();
}

/// <param name="SignedServerMs">The exchange's own time summed over the signed requests (arrival at its middleware to the answer written).</param>
public sealed record ExchangeStats(int Signed, double FirstSignedMs, double LastSignedMs, double SignedServerMs, Dictionary<string, int> Requests)
{
    public int Count(string path, int? status = null) =>
        Requests.Where(r => status is null ? r.Key.StartsWith(path + " ", StringComparison.Ordinal) : r.Key == $"{path} {status}").Sum(r => r.Value);
}
