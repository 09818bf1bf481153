using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CancelAll.TestExchange;

/// <summary>
/// The V3 API of Unified Trading Accounts: routes, the checks every V3 endpoint shares (parameters, category,
/// demo environment), the per-endpoint limits, and account settings. Facts from the shared note bitget-uta-v3.md.
/// </summary>
public sealed partial class TestExchange
{
    private const string UnifiedPrefix = "/api/v3/";

    /// <summary>Code of a parameter error on V3 (ccxt: the V3 twin of 40017).</summary>
    private const string UnifiedParameterError = "400172";

    /// <summary>Code of an injected failure in a V3 list item or answer. Made up: it means nothing at Bitget, so a client cannot take it for "already done".</summary>
    public const string InjectedFailureCode = "25999";

    /// <summary>V2 parameters that V3 does not take: Bitget answers 25236 to them (live report, passivbot PR #601).</summary>
    private static readonly string[] ClassicOnlyParameters = ["productType", "marginCoin", "holdSide"];

    private readonly RequestLog unifiedLog = new();

    /// <summary>
    /// Per-endpoint requests per second per key for the V3 paths, as Bitget sets them per UID (the same numbers as the core's
    /// BitgetEndpoints). 0 switches one off. The V2 paths keep <see cref="RequestsPerSecondPerKey"/> instead.
    /// </summary>
    public ConcurrentDictionary<string, int> UnifiedLimitsPerSecond { get; } = new(StringComparer.Ordinal)
    {
        ["/api/v3/account/settings"] = 20,
        ["/api/v3/trade/cancel-symbol-order"] = 5,
        ["/api/v3/trade/unfilled-orders"] = 20,
        ["/api/v3/trade/unfilled-strategy-orders"] = 20,
        ["/api/v3/trade/cancel-strategy-order"] = 10,
        ["/api/v3/position/current-position"] = 20,
        ["/api/v3/trade/close-positions"] = 5,
        ["/api/v3/trade/countdown-cancel-all"] = 1,
    };

    private void MapUnifiedRoutes()
    {
        app.MapGet("/api/v3/account/settings", UnifiedEndpoint(AccountSettings));
        app.MapPost("/api/v3/trade/cancel-symbol-order", UnifiedEndpoint(CancelSymbolOrder));
        app.MapGet("/api/v3/trade/unfilled-orders", UnifiedEndpoint(UnfilledOrders));
        app.MapGet("/api/v3/trade/unfilled-strategy-orders", UnifiedEndpoint(UnfilledStrategyOrders));
        app.MapPost("/api/v3/trade/cancel-strategy-order", UnifiedEndpoint(CancelStrategyOrder));
        app.MapGet("/api/v3/position/current-position", UnifiedEndpoint(CurrentPosition));
        app.MapPost("/api/v3/trade/close-positions", UnifiedEndpoint(CloseUnifiedPositions));
        app.MapPost("/api/v3/trade/countdown-cancel-all", UnifiedEndpoint(CountdownCancelAll));
    }

    /// <summary>A V3 endpoint: the signed checks, then its parameters and the demo environment, then the endpoint.</summary>
    private Func<HttpContext, Task<IResult>> UnifiedEndpoint(Func<SignedCall, Dictionary<string, string>, (int Status, JsonObject Body)> endpoint) =>
        SignedEndpoint(call => UnifiedParameters(call, out var parameters) ?? CheckUnifiedEnvironment(call) ?? endpoint(call, parameters));

    /// <summary>Admits the request under its limit: V3 paths per endpoint and key, V2 paths under the one per-key limit.</summary>
    private bool Admit(string key, string path)
    {
        var now = options.TimeProvider.GetUtcNow();
        return path.StartsWith(UnifiedPrefix, StringComparison.Ordinal)
            ? unifiedLog.Admit(key + " " + path, UnifiedLimitsPerSecond.GetValueOrDefault(path), now)
            : requestLog.Admit(key, options.RequestsPerSecondPerKey, now);
    }

    /// <summary>The parameters of a V3 call: the query of a GET, the top-level values of a POST's JSON body.</summary>
    private static (int Status, JsonObject Body)? UnifiedParameters(SignedCall call, out Dictionary<string, string> parameters)
    {
        parameters = new(StringComparer.Ordinal);
        if (HttpMethods.IsGet(call.Method))
        {
            foreach (var (name, values) in QueryHelpers.ParseQuery(call.Query))
            {
                if (values.Count > 0 && !string.IsNullOrEmpty(values[0]))
                {
                    parameters[name] = values[0]!;
                }
            }
        }
        else if (!string.IsNullOrWhiteSpace(call.Body))
        {
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(call.Body) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body is null)
            {
                return Reject(400, UnifiedParameterError, "Parameter verification failed: the body is not a JSON object");
            }

            foreach (var (name, value) in body)
            {
                if (value is JsonValue scalar)
                {
                    parameters[name] = scalar.TryGetValue<string>(out var text) ? text : scalar.ToJsonString();
                }
            }
        }

        foreach (var name in ClassicOnlyParameters)
        {
            if (parameters.ContainsKey(name))
            {
                return Reject(400, "25236", $"Parameter {name} is not supported by the unified account API");
            }
        }

        return null;
    }

    /// <summary>UTA demo trading is a demo key plus <c>paptrading: 1</c> on the normal categories; a live key must not send it.</summary>
    private static (int Status, JsonObject Body)? CheckUnifiedEnvironment(SignedCall call) =>
        call.PaperTrading != call.Book.Account.Demo ? Reject(400, "40099", "The current environment is incorrect") : null;

    /// <summary>
    /// Reads <c>category</c>: a futures category in either case, as Bitget's docs write both. V3 has no S-prefixed demo
    /// categories, and this exchange holds futures only.
    /// </summary>
    private static (int Status, JsonObject Body)? UnifiedCategory(Dictionary<string, string> parameters, bool required, out string? category)
    {
        category = null;
        if (!parameters.TryGetValue("category", out var raw))
        {
            return required ? Reject(400, UnifiedParameterError, "Parameter verification failed: category cannot be empty") : null;
        }

        var name = raw.ToUpperInvariant();
        if (ProductTypes.Contains(name))
        {
            category = name;
            return null;
        }

        return name.Length > 1 && name[0] == 'S' && ProductTypes.Contains(name[1..])
            ? Reject(400, UnifiedParameterError, $"Parameter verification failed: category {raw} does not exist in V3; demo trading sends paptrading: 1 with {name[1..]}")
            : Reject(400, UnifiedParameterError, $"Parameter verification failed: category {raw} is not one of USDT-FUTURES, COIN-FUTURES, USDC-FUTURES");
    }

    /// <summary>A category written as a caller of the exchange's set-up methods gives it, or an ArgumentException.</summary>
    private static string CategoryName(string category) =>
        ProductTypes.FirstOrDefault(p => p.Equals(category, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown category {category}: use USDT-FUTURES, COIN-FUTURES or USDC-FUTURES.", nameof(category));

    /// <summary>GET /api/v3/account/settings: the account's settings; answers only for unified accounts (ccxt detects UTA by it).</summary>
    private (int Status, JsonObject Body) AccountSettings(SignedCall call, Dictionary<string, string> parameters) =>
        (200, Envelope("00000", "success", new JsonObject
        {
            ["uid"] = Uid(call.Book.Account.ApiKey),
            ["accountMode"] = "unified",
            ["assetMode"] = "single",
            ["accountLevel"] = "basic",
            ["holdMode"] = HoldMode(call.Book),
            ["stpMode"] = "none",
            ["symbolConfigList"] = new JsonArray(),
            ["coinConfigList"] = new JsonArray(),
        }));

    private static string HoldMode(AccountBook book) => book.HedgeMode ? "hedge_mode" : "one_way_mode";

    /// <summary>A stable made-up UID per key.</summary>
    private static string Uid(string apiKey) =>
        (BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)), 0) % 9_000_000_000 + 1_000_000_000).ToString(CultureInfo.InvariantCulture);

    private string NowMs() => Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>A V3 list as the quirks say: an empty one is [] or null.</summary>
    private JsonArray? Listed(JsonArray list) => list.Count == 0 && Quirks.EmptyList == EmptyListShape.Null ? null : list;
}
