using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelAll.Benchmarks;

/// <summary>
/// Key Vault's GET /secrets/{name} on https://127.0.0.1:{free port}, with a certificate made for this instance, the
/// 401 bearer challenge the real SecretClient expects first, and a count of authorized reads. Enough for the real
/// SecretClient; the full fake with faults lives in the test project (tests/CancelAll.Core.Tests/Credentials/FakeKeyVault.cs).
/// </summary>
public sealed class FakeVault : IAsyncDisposable
{
    public const string Token = "bench-vault-token";

    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private int reads;

    private FakeVault(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        this.certificate = certificate;
    }

    public Uri VaultUri { get; private set; } = null!;

    /// <summary>Authorized GETs of any secret (found or not) since the last <see cref="ResetReads"/>.</summary>
    public int Reads => Volatile.Read(ref reads);

    public void ResetReads() => Interlocked.Exchange(ref reads, 0);

    public static async Task<FakeVault> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new FakeVault(app, certificate);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        vault.VaultUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return vault;
    }

    public void SetAccount(string account, string apiKey, string secret, string passphrase)
    {
        secrets[$"bitget-{account}-api-key"] = apiKey;
        secrets[$"bitget-{account}-api-secret"] = secret;
        secrets[$"bitget-{account}-passphrase"] = passphrase;
    }

    /// <summary>Points a SecretClient here, trusting exactly this instance's certificate.</summary>
    public void ConfigureClient(SecretClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var expected = certificate.RawData;
        options.Transport = new HttpClientTransport(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (errors == SslPolicyErrors.RemoteCertificateChainErrors && presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(expected)),
            },
        });
        options.DisableChallengeResourceVerification = true;
    }

    public SecretClient CreateClient()
    {
        var options = new SecretClientOptions();
        ConfigureClient(options);
        return new SecretClient(VaultUri, new FakeVaultToken(), options);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method != HttpMethods.Get || segments.Length is < 2 or > 3 || segments[0] != "secrets")
        {
            await Json(context, 400, new { error = new { code = "BadParameter", message = "Only GET /secrets/{name} is served here." } });
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate =
                "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";
            return;
        }

        if (authorization != $"Bearer {Token}")
        {
            await Json(context, 401, new { error = new { code = "Unauthorized", message = "bad token" } });
            return;
        }

        Interlocked.Increment(ref reads);
        var name = segments[1];
        if (!secrets.TryGetValue(name, out var value))
        {
            await Json(context, 404, new { error = new { code = "SecretNotFound", message = $"A secret with (name/id) {name} was not found in this key vault." } });
            return;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Json(context, 200, new
        {
            value,
            id = new Uri(VaultUri, $"secrets/{name}/0123456789abcdef0123456789abcdef").ToString(),
            attributes = new { enabled = true, created = now, updated = now, recoveryLevel = "Recoverable+Purgeable" },
        });
    }

    private static async Task Json(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}

/// <summary>A fixed bearer token for <see cref="FakeVault"/>.</summary>
public sealed class FakeVaultToken : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(FakeVault.Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
