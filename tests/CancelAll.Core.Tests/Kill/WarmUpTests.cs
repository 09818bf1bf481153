using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace CancelAll.Core.Tests.Kill;

public class WarmUpTests
{
    private const string Jobs = """[{"name":"eu","accounts":["main","hedge-sub1"],"sessionEnd":"17:30","timeZone":"Europe/London"}]""";

    [Fact]
    public async Task Start_up_reads_the_exchange_clock_and_loads_every_configured_account()
    {
        var provider = new Mock<ICredentialsProvider>();
        await using var harness = await ExchangeHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = Jobs },
            configure: s => s.AddSingleton(provider.Object).AddSingleton<WarmUp>());
        var warmUp = harness.Get<WarmUp>();

        await warmUp.StartAsync(default);
        await warmUp.ExecuteTask!;

        Assert.Equal(["main", "hedge-sub1"], warmUp.ConfiguredAccounts());
        Assert.Equal([BitgetClient.ServerTimePath], harness.Exchange.Received.Select(r => r.Path));
        provider.Verify(p => p.GetAsync("main", It.IsAny<CancellationToken>()), Times.Once);
        provider.Verify(p => p.GetAsync("hedge-sub1", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Failures_are_logged_and_never_stop_the_host()
    {
        var provider = new Mock<ICredentialsProvider>();
        provider.Setup(p => p.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CredentialsException(CredentialsErrorKind.VaultUnavailable, "main", "bitget-main-api-key", "Key Vault unavailable."));
        await using var harness = await ExchangeHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["CancelAll:Exchange:BaseUrl"] = "http://127.0.0.1:9/", ["CancelAll:Exchange:MaxRetries"] = "0" },
            configure: s => s.AddSingleton(provider.Object).AddSingleton<WarmUp>());
        var warmUp = harness.Get<WarmUp>();

        await warmUp.StartAsync(default);
        await warmUp.ExecuteTask!;

        Assert.True(warmUp.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warm-up of exchange clock failed", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, l => l.Contains("Warm-up of account main failed", StringComparison.Ordinal));
    }
}
