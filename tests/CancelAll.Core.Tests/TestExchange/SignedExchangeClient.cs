using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>
/// Raw signed HTTP to the test exchange, signed with the core's <see cref="BitgetSigner"/> and nothing else of the core:
/// what the exchange itself answers. The timestamp comes from <paramref name="clock"/> (the exchange's clock in tests with
/// a fake time provider).
/// </summary>
internal sealed class SignedExchangeClient(Uri baseUri, ApiCredentials credentials, Func<DateTimeOffset> clock) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUri };

    /// <summary>Sends <c>paptrading: 1</c>; by default exactly for demo keys.</summary>
    public bool PaperTrading { get; set; } = credentials.Demo;

    public Task<ExchangeAnswer> GetAsync(string path, string query = "") => SendAsync(HttpMethod.Get, path, query, string.Empty);

    public Task<ExchangeAnswer> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, string.Empty, body);

    /// <summary>Signs and sends; <paramref name="signature"/> replaces the signature when given (to test rejection).</summary>
    public async Task<ExchangeAnswer> SendAsync(HttpMethod method, string path, string query, string body, string? signature = null)
    {
        var timestamp = clock().ToUnixTimeMilliseconds();
        using var request = new HttpRequestMessage(method, path + (query.Length > 0 ? "?" + query : string.Empty));
        request.Headers.Add("ACCESS-KEY", credentials.ApiKey);
        request.Headers.Add("ACCESS-SIGN", signature ?? BitgetSigner.Sign(credentials, BitgetSigner.Prehash(timestamp, method.Method, path, query, body)));
        request.Headers.Add("ACCESS-TIMESTAMP", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("ACCESS-PASSPHRASE", credentials.Passphrase);
        request.Headers.Add("locale", "en-US");
        if (PaperTrading)
        {
            request.Headers.Add("paptrading", "1");
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ExchangeAnswer((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public void Dispose() => http.Dispose();
}

/// <summary>An answer of the test exchange: HTTP status and Bitget's envelope.</summary>
internal sealed record ExchangeAnswer(int Status, JsonObject Body)
{
    public string? Code => Body["code"]?.GetValue<string>();

    public JsonNode? Data => Body["data"];

    /// <summary>The <c>list</c> of a V3 answer's data, empty when it is [] or null.</summary>
    public IReadOnlyList<JsonNode> List => Items(Data?["list"]);

    /// <summary>The items of a bare-array data, empty when it is [] or null.</summary>
    public IReadOnlyList<JsonNode> Array => Items(Data);

    public override string ToString() => $"{Status} {Body.ToJsonString()}";

    private static List<JsonNode> Items(JsonNode? node) => node is JsonArray array ? [.. array.OfType<JsonNode>()] : [];
}
