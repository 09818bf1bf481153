using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CancelAll.Core.Tests.DeadMan;

namespace CancelAll.Core.Tests.Tables;

/// <summary>
/// Azurite's table service checking Entra ID bearer tokens (<c>--oauth basic</c>), over HTTPS with a certificate made
/// here (ECDsa P-256, SAN 127.0.0.1; PEM files in Azurite's own temporary directory), on 127.0.0.1 and a free port, with
/// its API version check on. What "basic" checks (Azurite 3.37.0, TableTokenAuthenticator): https only; a JWT with
/// <c>iat</c>, <c>nbf</c> and <c>exp</c> (now inside them); an issuer starting https://sts.windows.net/ (or another
/// Azure cloud's); an audience of https://storage.azure.com or the account's table endpoint. Not the signature. A
/// refused token is 403 AuthenticationFailed, with the reason in the XML body's AuthenticationErrorDetail.
/// </summary>
public sealed class AzuriteOAuth : Azurite
{
    private const string Account = "devstoreaccount1";

    private X509Certificate2? certificate;

    /// <summary>The table endpoint the app is given (CancelAll:*:TableEndpoint): Azurite's path-style account address.</summary>
    public Uri TableEndpoint => new($"https://127.0.0.1:{Port}/{Account}/");

    /// <summary>A handler that trusts exactly this Azurite's certificate (and what the machine trusts anyway).</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var expected = certificate!.RawData;
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

    /// <summary>Creates a table of this name (the deployment's job in Azure: the app does not create it with a token).</summary>
    public async Task CreateTableAsync(string name)
    {
        using var client = new HttpClient(CreateHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(TableEndpoint, "Tables"))
        {
            Content = new StringContent($$"""{"TableName":"{{name}}"}""", MediaTypeHeaderValue.Parse("application/json")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StorageTokens.Issue(StorageTokens.StorageAudience, DateTimeOffset.UtcNow.AddHours(1)));
        request.Headers.Add("x-ms-version", "2019-02-02");
        request.Headers.Add("Accept", "application/json;odata=nometadata");
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Azurite did not create table {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        certificate?.Dispose();
    }

    protected override IEnumerable<string> Arguments(string workspace)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var certFile = Path.Combine(workspace, "cert.pem");
        var keyFile = Path.Combine(workspace, "key.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return
        [
            "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--inMemoryPersistence", "--disableTelemetry", "--silent",
            "--oauth", "basic", "--cert", certFile, "--key", keyFile,
        ];
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteOAuthGroup : ICollectionFixture<AzuriteOAuth>
{
    public const string Name = "azurite-oauth";
}
