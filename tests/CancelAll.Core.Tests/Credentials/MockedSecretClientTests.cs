using Azure;
using Azure.Security.KeyVault.Secrets;
using CancelAll.Core.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace CancelAll.Core.Tests.Credentials;

/// <summary>
/// Where a real HTTP exchange is not practical (failures the SDK raises itself), a mocked SecretClient with
/// SecretModelFactory, through the same registration: a SecretClient registered first is the one used.
/// </summary>
public sealed class MockedSecretClientTests
{
    private static ServiceProvider Services(Mock<SecretClient> client)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CredentialsOptions.VaultUriKey] = "https://kv-cancelall.vault.azure.net/",
        }).Build();
        client.SetupGet(c => c.VaultUri).Returns(new Uri("https://kv-cancelall.vault.azure.net/"));
        return new ServiceCollection().AddSingleton(client.Object).AddCancelAllCredentials(configuration).BuildServiceProvider();
    }

    private static void Returns(Mock<SecretClient> client, string name, string value) =>
        client.Setup(c => c.GetSecretAsync(name, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(SecretModelFactory.KeyVaultSecret(SecretModelFactory.SecretProperties(name: name, version: "v1"), value), Mock.Of<Response>()));

    [Fact]
    public async Task A_registered_secret_client_is_used_and_a_missing_demo_secret_means_live()
    {
        var client = new Mock<SecretClient>();
        Returns(client, "bitget-main-api-key", "bg_mocked_key_123456");
        Returns(client, "bitget-main-api-secret", "mocked-hmac-secret-123456");
        Returns(client, "bitget-main-passphrase", "mocked-passphrase");
        client.Setup(c => c.GetSecretAsync("bitget-main-demo", null, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(404, "not found", "SecretNotFound", null));
        await using var services = Services(client);

        var credentials = await services.GetRequiredService<ICredentialsProvider>().GetAsync("main", CancellationToken.None);

        Assert.Equal("bg_mocked_key_123456", credentials.ApiKey);
        Assert.False(credentials.Demo);
    }

    public static TheoryData<Exception, CredentialsErrorKind> SdkFailures => new()
    {
        { new RequestFailedException(401, "Unauthorized"), CredentialsErrorKind.AccessDenied },
        { new RequestFailedException(408, "Request timeout"), CredentialsErrorKind.Timeout },
        { new RequestFailedException(500, "Internal"), CredentialsErrorKind.VaultUnavailable },
        { new RequestFailedException("No such host is known. (kv-cancelall.vault.azure.net:443)"), CredentialsErrorKind.VaultUnavailable },
        { new AggregateException("Retry failed after 3 tries.", new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:05.")), CredentialsErrorKind.Timeout },
        { new Azure.Identity.AuthenticationFailedException("ManagedIdentityCredential authentication failed."), CredentialsErrorKind.AccessDenied },
    };

    [Theory]
    [MemberData(nameof(SdkFailures))]
    public async Task Sdk_failures_map_to_typed_errors(Exception failure, CredentialsErrorKind kind)
    {
        var client = new Mock<SecretClient>();
        client.Setup(c => c.GetSecretAsync(It.IsAny<string>(), null, It.IsAny<CancellationToken>())).ThrowsAsync(failure);
        await using var services = Services(client);

        var ex = await Assert.ThrowsAsync<CredentialsException>(() => services.GetRequiredService<ICredentialsProvider>().GetAsync("main", CancellationToken.None).AsTask());

        Assert.Equal(kind, ex.Kind);
        Assert.Equal("main", ex.Account);
        Assert.Equal("bitget-main-api-key", ex.SecretName);
        Assert.Contains("kv-cancelall.vault.azure.net", ex.Message, StringComparison.Ordinal);
    }
}
