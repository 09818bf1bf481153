using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelAll.TestExchange;

/// <summary>
/// A Bitget-compatible exchange on 127.0.0.1. It verifies requests the way Bitget does (key, passphrase,
/// timestamp within 30 s, HMAC or RSA signature over timestamp + METHOD + path + ?query + body, demo/live),
/// limits each key's request rate, holds open orders, injects faults on demand and records what it received.
/// <para>
/// Accounts are classic (V2) or unified (UTA, V3): <see cref="ExchangeAccount.Mode"/>, switched while running with
/// <see cref="SwitchMode"/>; the other family answers 40084/40085. Unified accounts get the V3 endpoints with Bitget's
/// per-endpoint limits (<see cref="UnifiedLimitsPerSecond"/>), strategy orders (<see cref="AddStrategyOrder"/>),
/// positions (<see cref="AddUtaPosition"/>) and the countdown dead-man switch (<see cref="GrantCountdownAccess"/>).
/// What nobody has seen Bitget answer is switchable both ways in <see cref="Quirks"/>. README.md beside this file has
/// the tables.
/// </para>
/// </summary>
public sealed partial class TestExchange : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TestExchangeOptions options;
    private readonly ConcurrentDictionary<string, AccountBook> books = new(StringComparer.Ordinal);
    private readonly RequestLog requestLog = new();
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private long nextOrderId = 1_000_000_000_000;
    private long events;

    private TestExchange(WebApplication app, TestExchangeOptions options)
    {
        this.app = app;
        this.options = options;
    }

    public Uri BaseUri { get; private set; } = null!;

    public ExchangeFaults Faults { get; } = new();

    /// <summary>The variants of what is unknown about Bitget's V3 answers (the same object as <see cref="TestExchangeOptions.Quirks"/>).</summary>
    public ExchangeQuirks Quirks => options.Quirks;

    /// <summary>Requests per second per key; 0 means unlimited. May be changed while running.</summary>
    public int RequestsPerSecondPerKey
    {
        get => options.RequestsPerSecondPerKey;
        set => options.RequestsPerSecondPerKey = value;
    }

    public IReadOnlyList<ReceivedRequest> Received => [.. received];

    public static async Task<TestExchange> StartAsync(TestExchangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestExchangeOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var exchange = new TestExchange(app, options);
        exchange.MapRoutes();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        exchange.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return exchange;
    }

    public AccountBook AddAccount(ExchangeAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var book = new AccountBook(account);
        if (!books.TryAdd(account.ApiKey, book))
        {
            throw new InvalidOperationException($"Account {account.ApiKey} exists already.");
        }

        return book;
    }

    public AccountBook Book(string apiKey) => books[apiKey];

    /// <summary>Switches the account's mode while the exchange runs; see <see cref="AccountBook.SwitchMode"/>.</summary>
    public void SwitchMode(string apiKey, AccountMode mode) => books[apiKey].SwitchMode(mode);

    /// <summary>Places <paramref name="count"/> open orders for the account. The product type is written without the demo S prefix.</summary>
    public IReadOnlyList<OpenOrder> AddOrders(string apiKey, string productType, string marginCoin, int count, string? symbol = null)
    {
        var book = books[apiKey];
        lock (book.Sync)
        {
            var placed = Enumerable.Range(0, count).Select(_ => NewOrder(productType, marginCoin, symbol)).ToList();
            book.Orders.AddRange(placed);
            return placed;
        }
    }

    /// <summary>The exchange's clock: real time plus the injected skew.</summary>
    public DateTimeOffset Now => options.TimeProvider.GetUtcNow() + Faults.ClockSkew;

    public void ClearReceived() => received.Clear();

    public async ValueTask DisposeAsync()
    {
        foreach (var book in books.Values)
        {
            lock (book.Sync)
            {
                book.DisarmCountdown();
            }
        }

        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private OpenOrder NewOrder(string productType, string marginCoin, string? symbol)
    {
        var id = Interlocked.Increment(ref nextOrderId).ToString(CultureInfo.InvariantCulture);
        return new OpenOrder(id, "cli-" + id, productType, marginCoin, symbol ?? DefaultSymbol(productType, marginCoin));
    }

    private static string DefaultSymbol(string productType, string marginCoin) =>
        productType == "COIN-FUTURES" ? marginCoin + "USD" : "BTC" + marginCoin;

    private void MapRoutes()
    {
        app.MapGet("/api/v2/public/time", (HttpContext http) =>
        {
            // Only a status fault aimed at this path applies to this public read (the connection keeper's tests).
            if (Faults.TakeTargetedStatus(http.Request.Method, http.Request.Path.Value ?? string.Empty) is { } fault)
            {
                Record(http.Request, string.Empty, string.Empty, (int)fault.Status, fault.Code);
                return Json((int)fault.Status, Envelope(fault.Code ?? "50000", fault.Message ?? "injected fault", null));
            }

            Record(http.Request, string.Empty, string.Empty, 200, null);
            return Json(200, Envelope("00000", "success", new JsonObject
            {
                ["serverTime"] = Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            }));
        });
        app.MapPost("/api/v2/mix/order/cancel-all-orders", SignedEndpoint(CancelAllOrders));
        MapBenchRoutes();
        MapBenchSeedRoutes();
        MapFlattenRoutes();
        MapUnifiedRoutes();
    }

    private Func<HttpContext, Task<IResult>> SignedEndpoint(Func<SignedCall, (int Status, JsonObject Body)> endpoint) =>
        http => HandleSignedAsync(http, endpoint);

    /// <summary>Runs the checks every private endpoint shares, records the exchange, then calls the endpoint.</summary>
    private async Task<IResult> HandleSignedAsync(HttpContext http, Func<SignedCall, (int Status, JsonObject Body)> endpoint)
    {
        var arrived = Interlocked.Increment(ref events);
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        var request = http.Request;
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        (int Status, JsonObject Body) answer;
        string? rawAnswer = null;
        var fault = Faults.Take(request.Method, request.Path.Value ?? string.Empty);
        switch (fault?.Kind)
        {
            case FaultKind.Reset:
                Record(request, query, body, 0, null, arrived);
                http.Abort();
                return Results.Empty;
            case FaultKind.Trickle:
                Record(request, query, body, 200, null, arrived);
                await TrickleAsync(http.Response, fault.Duration, http.RequestAborted).ConfigureAwait(false);
                return Results.Empty;
            case FaultKind.Html:
                answer = (200, new JsonObject());
                rawAnswer = "<html>502 Bad Gateway</html>";
                break;
            case FaultKind.Empty:
                answer = (200, new JsonObject());
                rawAnswer = string.Empty;
                break;
            case FaultKind.Status when fault.Code is null:
                // A gateway failure without Bitget's JSON, as a load balancer would answer.
                answer = ((int)fault.Status, new JsonObject());
                rawAnswer = fault.Message ?? "upstream unavailable";
                break;
            case FaultKind.Status:
                answer = ((int)fault.Status, Envelope(fault.Code!, fault.Message ?? "injected fault", null));
                break;
            default:
                if (fault?.Kind == FaultKind.Hang)
                {
                    await Task.Delay(fault.Duration, http.RequestAborted).ConfigureAwait(false);
                }

                answer = Verify(request.Method, request.Path.Value ?? string.Empty, query, body, headers, out var call)
                    ?? endpoint(call!);
                call?.Book.Answered();
                break;
        }

        if (Faults.Delay > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Delay, http.RequestAborted).ConfigureAwait(false);
        }

        await Faults.WaitForReleaseAsync(request.Method, request.Path.Value ?? string.Empty, http.RequestAborted).ConfigureAwait(false);

        Record(request, query, body, answer.Status, rawAnswer is null ? answer.Body["code"]?.GetValue<string>() : null, arrived);

        return rawAnswer is null ? Json(answer.Status, answer.Body) : Results.Content(rawAnswer, "text/html", Encoding.UTF8, answer.Status);
    }

    /// <summary>A 200 whose announced 100 kB body arrives one byte per <paramref name="perByte"/>, until the client goes away.</summary>
    private static async Task TrickleAsync(HttpResponse response, TimeSpan perByte, CancellationToken aborted)
    {
        const int announced = 100_000;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.ContentLength = announced;
        try
        {
            for (var sent = 0; sent < announced; sent++)
            {
                await response.Body.WriteAsync("{"u8.ToArray(), aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                await Task.Delay(perByte, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client gave up, as it should.
        }
    }

    /// <param name="arrived">The request's arrival in <see cref="ReceivedRequest.Arrived"/>'s order; null: it arrived just now.</param>
    private void Record(HttpRequest request, string query, string body, int status, string? code, long? arrived = null)
    {
        var answered = Interlocked.Increment(ref events);
        if (options.RecordRequests)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            received.Enqueue(new ReceivedRequest(Now, request.Method, request.Path.Value ?? string.Empty, query, headers, body, status, code, request.HttpContext.Connection.Id)
            {
                Arrived = arrived ?? answered,
                Answered = answered,
            });
        }
    }

    /// <summary>Bitget's checks, in Bitget's order. Returns the rejection, or null and the verified call.</summary>
    private (int Status, JsonObject Body)? Verify(string method, string path, string query, string body, Dictionary<string, string> headers, out SignedCall? call)
    {
        call = null;
        string? Header(string name) => headers.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var key = Header("ACCESS-KEY");
        var sign = Header("ACCESS-SIGN");
        var timestamp = Header("ACCESS-TIMESTAMP");
        var passphrase = Header("ACCESS-PASSPHRASE");
        if (key is null)
        {
            return Reject(400, "40001", "ACCESS_KEY cannot be empty");
        }

        if (sign is null)
        {
            return Reject(400, "40002", "ACCESS_SIGN cannot be empty");
        }

        if (timestamp is null)
        {
            return Reject(400, "40003", "ACCESS_TIMESTAMP cannot be empty");
        }

        if (passphrase is null)
        {
            return Reject(400, "40011", "ACCESS_PASSPHRASE cannot be empty");
        }

        if (!books.TryGetValue(key, out var book))
        {
            return Reject(400, "40037", "Apikey does not exist");
        }

        if (!FixedTimeEquals(book.Account.Passphrase, passphrase))
        {
            return Reject(400, "40012", "apikey/password is incorrect");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestampMs))
        {
            return Reject(400, "40005", "Invalid ACCESS_TIMESTAMP");
        }

        var skew = Math.Abs(Now.ToUnixTimeMilliseconds() - timestampMs);
        if (skew > options.TimestampTolerance.TotalMilliseconds)
        {
            return Reject(400, "40008", "Request timestamp expired");
        }

        var prehash = timestamp + method.ToUpperInvariant() + path + (query.Length > 0 ? "?" + query : string.Empty) + body;
        if (!SignatureValid(book.Account, prehash, sign))
        {
            return Reject(400, "40009", "sign signature error");
        }

        if (!Admit(key, path))
        {
            return Reject(429, "429", "Too Many Requests");
        }

        if (WrongMode(book.Mode, path) is { } wrongMode)
        {
            return wrongMode;
        }

        if (book.DeniedPaths.ContainsKey(path))
        {
            return Reject(400, "40014", $"Incorrect permissions: this API key may not call {path}");
        }

        var paperTrading = Header("paptrading") == "1";
        call = new SignedCall(book, method, path, query, body, paperTrading);
        return null;
    }

    /// <summary>The mode belongs to the account: a classic account gets 40084 from V3, a unified one 40085 from V2.</summary>
    private (int Status, JsonObject Body)? WrongMode(AccountMode mode, string path)
    {
        var unifiedPath = path.StartsWith(UnifiedPrefix, StringComparison.Ordinal);
        return (mode, unifiedPath) switch
        {
            (AccountMode.Classic, true) => Reject(Quirks.WrongModeHttpStatus, "40084", "You are in Classic Account mode, and the Unified Account API is not supported at this time"),
            (AccountMode.Unified, false) => Reject(Quirks.WrongModeHttpStatus, "40085", "You are in Unified Account mode, and the Classic Account API is not supported at this time"),
            _ => null,
        };
    }

    private static bool SignatureValid(ExchangeAccount account, string prehash, string signature)
    {
        var message = Encoding.UTF8.GetBytes(prehash);
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!account.IsRsa)
        {
            return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(account.Secret), message), given);
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(account.Secret);
        return rsa.VerifyData(message, given, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    internal static (int Status, JsonObject Body) Reject(int status, string code, string message) => (status, Envelope(code, message, null));

    internal static JsonObject Envelope(string code, string message, JsonNode? data) => new()
    {
        ["code"] = code,
        ["msg"] = message,
        ["requestTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["data"] = data,
    };

    private static IResult Json(int status, JsonObject body) => Results.Content(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    /// <summary>A request whose key, passphrase, timestamp and signature have been verified.</summary>
    internal sealed record SignedCall(AccountBook Book, string Method, string Path, string Query, string Body, bool PaperTrading)
    {
        public JsonObject? JsonBody => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body) as JsonObject;
    }
}
