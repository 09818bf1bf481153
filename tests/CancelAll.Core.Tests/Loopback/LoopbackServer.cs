using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Loopback;

/// <summary>One request as the server saw it, recorded before the handler ran.</summary>
public sealed record ReceivedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Kestrel on 127.0.0.1 and a free port: HTTPS with a certificate made for this instance (ECDsa P-256, SAN 127.0.0.1
/// and localhost), or plain HTTP. <see cref="CreateHandler"/> trusts exactly that certificate and nothing else that is
/// not otherwise trusted. Every request is recorded (gzip bodies inflated) before the handler answers it. Loopback only,
/// by construction.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private LoopbackServer(WebApplication app, X509Certificate2? certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public Uri BaseUri { get; private set; } = null!;

    public X509Certificate2? Certificate { get; }

    /// <summary>Snapshot of every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public void ClearRequests() => _requests.Clear();

    /// <summary>Starts an HTTPS server whose every request goes to <paramref name="handler"/>.</summary>
    public static Task<LoopbackServer> StartAsync(RequestDelegate handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return StartAsync((context, _) => handler(context), https: true, cancellationToken);
    }

    /// <summary>Starts a server whose handler also gets the request as recorded (its body already read).</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, ReceivedRequest, Task> handler, bool https, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var certificate = https ? CreateCertificate() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o =>
        {
            if (certificate is not null)
            {
                o.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new LoopbackServer(app, certificate);
        app.Run(async context => await handler(context, await server.RecordAsync(context.Request)));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        if (!IPAddress.IsLoopback(IPAddress.Parse(server.BaseUri.Host)))
        {
            throw new InvalidOperationException($"Not a loopback address: {server.BaseUri}");
        }

        return server;
    }

    /// <summary>Starts a server that routes "METHOD /path" (exact path) to handlers; anything else gets 404.</summary>
    public static Task<LoopbackServer> StartAsync(IReadOnlyDictionary<string, RequestDelegate> routes, CancellationToken cancellationToken = default) =>
        StartAsync(context =>
        {
            var key = $"{context.Request.Method} {context.Request.Path}";
            if (routes.TryGetValue(key, out var route))
            {
                return route(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Answers with <paramref name="status"/> and a body of <paramref name="length"/> bytes (its Content-Length
    /// announced up front), sent one byte every <paramref name="perByte"/>: a slow or stuck server that keeps the
    /// connection alive. Stops when the client goes away.
    /// </summary>
    public static async Task TrickleAsync(HttpContext context, int length, TimeSpan perByte, int status = StatusCodes.Status200OK, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = length;
        try
        {
            await context.Response.Body.FlushAsync(context.RequestAborted);
            for (var i = 0; i < length; i++)
            {
                await context.Response.Body.WriteAsync("{"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(perByte, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client gave up, as it should.
        }
    }

    /// <summary>A handler that accepts this server's certificate and rejects every other untrusted one.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var expected = Certificate?.RawData ?? [];
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (errors == SslPolicyErrors.RemoteCertificateChainErrors && presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(expected)),
            },
        };
    }

    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = BaseUri };

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Handlers still running (a deliberately hanging one) are abandoned.
        }

        await _app.DisposeAsync();
        Certificate?.Dispose();
    }

    private async Task<ReceivedRequest> RecordAsync(HttpRequest request)
    {
        request.EnableBuffering();
        string body;
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var inflated = new StreamReader(new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true));
            body = await inflated.ReadToEndAsync();
        }
        else
        {
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync();
        }

        request.Body.Position = 0;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new ReceivedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, body, DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);
        return recorded;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Kestrel needs a key it can use from a loaded PKCS#12, not the ephemeral one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
