using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.Tests.Loopback;
using Microsoft.AspNetCore.Http;

namespace CancelAll.Core.Tests.Credentials;

public enum VaultFault
{
    None,
    Forbidden,
    Throttled,
    Unavailable,
    Hang,

    /// <summary>200 with a secret body sent one byte every 50 ms.</summary>
    Trickle,
}

/// <summary>
/// The Key Vault secrets API as far as GET goes, on <see cref="LoopbackServer"/>: a 401 bearer challenge for
/// requests without a token, 200 with value/id/attributes, 404 SecretNotFound, 403 Forbidden/SecretDisabled for a
/// disabled secret (the shape the real service answers), and injected faults per secret.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string Token = "fake-vault-token";

    private readonly ConcurrentDictionary<string, StoredSecret> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, VaultFault> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentBag<string> _everyValue = [];
    private LoopbackServer _server = null!;
    private int _challenges;

    private sealed record StoredSecret(string Value, string Version, bool Enabled);

    public Uri VaultUri => _server.BaseUri;

    public LoopbackServer Server => _server;

    /// <summary>Added before every authorized answer (to make concurrent callers overlap).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The Retry-After (whole seconds) a throttled answer carries; none when null.</summary>
    public int? ThrottleRetryAfterSeconds { get; set; }

    /// <summary>Every value ever stored, for log scans.</summary>
    public IReadOnlyCollection<string> EveryValue => _everyValue;

    public int Challenges => Volatile.Read(ref _challenges);

    public static async Task<FakeKeyVault> StartAsync()
    {
        var vault = new FakeKeyVault();
        vault._server = await LoopbackServer.StartAsync(vault.HandleAsync);
        return vault;
    }

    /// <summary>Points a SecretClient at this vault through a handler that trusts only this server's certificate.</summary>
    public void ConfigureClient(SecretClientOptions options)
    {
        options.Transport = new HttpClientTransport(_server.CreateHandler());
        options.DisableChallengeResourceVerification = true;
    }

    public string SetSecret(string name, string value, bool enabled = true)
    {
        var version = Guid.NewGuid().ToString("N");
        _everyValue.Add(value);
        _secrets[name] = new StoredSecret(value, version, enabled);
        return version;
    }

    public void DeleteSecret(string name) => _secrets.TryRemove(name, out _);

    public void SetAccount(string account, string apiKey, string secret, string passphrase, string? demo = null)
    {
        SetSecret($"bitget-{account}-api-key", apiKey);
        SetSecret($"bitget-{account}-api-secret", secret);
        SetSecret($"bitget-{account}-passphrase", passphrase);
        if (demo is not null)
        {
            SetSecret($"bitget-{account}-demo", demo);
        }
    }

    public void Fail(string name, VaultFault fault) => _faults[name] = fault;

    /// <summary>Authorized GETs of this secret (attempts, including ones answered with a fault).</summary>
    public int Reads(string name) => _reads.TryGetValue(name, out var n) ? n : 0;

    public int TotalReads => _reads.Values.Sum();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method != HttpMethods.Get || segments.Length is < 2 or > 3 || segments[0] != "secrets")
        {
            await Error(context, 400, "BadParameter", "Only GET /secrets/{name}[/{version}] is served here.");
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            Interlocked.Increment(ref _challenges);
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate =
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";
            return;
        }

        if (authorization != $"Bearer {Token}")
        {
            await Error(context, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        var name = segments[1];
        _reads.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, context.RequestAborted);
        }

        switch (_faults.GetValueOrDefault(name))
        {
            case VaultFault.Forbidden:
                await Error(context, 403, "Forbidden",
                    "Caller is not authorized to perform action on resource.\r\nAction: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'",
                    innerCode: "ForbiddenByRbac", innerProperty: "innererror");
                return;
            case VaultFault.Throttled:
                if (ThrottleRetryAfterSeconds is { } wait)
                {
                    context.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Error(context, 429, "Throttled", "Request was not allowed because application is throttled.");
                return;
            case VaultFault.Unavailable:
                await Error(context, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
                return;
            case VaultFault.Trickle:
                await LoopbackServer.TrickleAsync(context, 100_000, TimeSpan.FromMilliseconds(50));
                return;
            case VaultFault.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                return;
        }

        if (segments.Length == 3 && segments[2] == "versions" && _secrets.TryGetValue(name, out var listed))
        {
            // Metadata only, as the real vault lists versions: no value.
            await Json(context, 200, new Dictionary<string, object?>
            {
                ["value"] = new[] { new Dictionary<string, object> { ["id"] = new Uri(VaultUri, $"secrets/{name}/{listed.Version}").ToString(), ["attributes"] = new Dictionary<string, object> { ["enabled"] = listed.Enabled } } },
                ["nextLink"] = null,
            });
            return;
        }

        if (!_secrets.TryGetValue(name, out var secret) || (segments.Length == 3 && segments[2] != secret.Version))
        {
            await Error(context, 404, "SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault.");
            return;
        }

        if (!secret.Enabled)
        {
            await Error(context, 403, "Forbidden", "Operation get is not allowed on a disabled secret.", innerCode: "SecretDisabled", innerProperty: "innerError");
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Json(context, 200, new Dictionary<string, object>
        {
            ["value"] = secret.Value,
            ["id"] = new Uri(VaultUri, $"secrets/{name}/{secret.Version}").ToString(),
            ["attributes"] = new Dictionary<string, object> { ["enabled"] = true, ["created"] = now, ["updated"] = now, ["recoveryLevel"] = "Recoverable+Purgeable" },
        });
    }

    private static Task Error(HttpContext context, int status, string code, string message, string? innerCode = null, string innerProperty = "innererror")
    {
        var error = new Dictionary<string, object> { ["code"] = code, ["message"] = message };
        if (innerCode is not null)
        {
            error[innerProperty] = new Dictionary<string, object> { ["code"] = innerCode };
        }

        return Json(context, status, new Dictionary<string, object> { ["error"] = error });
    }

    private static async Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}

/// <summary>Hands out a fixed token and records the scopes asked for.</summary>
public sealed class FakeTokenCredential(Exception? failWith = null) : TokenCredential
{
    private readonly ConcurrentQueue<string> _scopes = new();

    public IReadOnlyCollection<string> Scopes => _scopes;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            _scopes.Enqueue(scope);
        }

        return failWith is null ? new AccessToken(FakeKeyVault.Token, DateTimeOffset.UtcNow.AddHours(1)) : throw failWith;
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
