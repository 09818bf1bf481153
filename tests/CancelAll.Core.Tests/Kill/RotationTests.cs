using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace CancelAll.Core.Tests.Kill;

public class RotationTests
{
    private static CancelCommand Command => new(ExchangeHarness.Account, TargetParser.Parse(["USDT-FUTURES"], null, false), CommandSource.Queue, "rot-1");

    private static async Task<(ExchangeHarness Harness, Mock<ICredentialsProvider> Provider, ApiCredentials Stale)> StartAsync(Func<ApiCredentials, ApiCredentials?> refreshed)
    {
        var provider = new Mock<ICredentialsProvider>();
        var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton(provider.Object));
        var current = harness.Credentials;
        var stale = new ApiCredentials(current.ApiKey, current.Secret, "rotated-away-passphrase");
        provider.Setup(p => p.GetAsync(ExchangeHarness.Account, It.IsAny<CancellationToken>())).ReturnsAsync(stale);
        provider.Setup(p => p.RefreshAsync(ExchangeHarness.Account, stale, It.IsAny<CancellationToken>())).ReturnsAsync(refreshed(current));
        harness.Exchange.AddOrders(current.ApiKey, "USDT-FUTURES", "USDT", 1);
        return (harness, provider, stale);
    }

    [Fact]
    public async Task A_rejected_key_is_re_read_once_and_the_retry_succeeds_with_the_rotated_one()
    {
        var (harness, provider, _) = await StartAsync(current => current);
        await using var _ = harness;

        var outcome = await harness.Workflow.RunAsync(Command, default);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(["40012", "00000"], harness.SignedRequests.Select(r => r.Code));
        provider.Verify(p => p.RefreshAsync(ExchangeHarness.Account, It.IsAny<ApiCredentials>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_second_rejection_is_final()
    {
        var (harness, provider, _) = await StartAsync(current => new ApiCredentials(current.ApiKey, current.Secret, "still-wrong-passphrase"));
        await using var _ = harness;

        var outcome = await harness.Workflow.RunAsync(Command, default);

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Equal(OutcomeErrorKind.Credentials, outcome.Targets.Single().Error!.Kind);
        Assert.Equal(["40012", "40012"], harness.SignedRequests.Select(r => r.Code));
        provider.Verify(p => p.RefreshAsync(ExchangeHarness.Account, It.IsAny<ApiCredentials>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_same_key_in_the_vault_means_no_retry()
    {
        var (harness, _, _) = await StartAsync(_ => null);
        await using var __ = harness;
        var outcome = await harness.Workflow.RunAsync(Command, default);
        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Single(harness.SignedRequests);
    }

    [Fact]
    public async Task An_unknown_account_is_rejected_not_failed()
    {
        var provider = new Mock<ICredentialsProvider>();
        provider.Setup(p => p.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CredentialsException(CredentialsErrorKind.AccountNotConfigured, "ghost", null, "Account 'ghost' is not configured."));
        await using var harness = await ExchangeHarness.StartAsync(configure: s => s.AddSingleton(provider.Object));

        var outcome = await harness.Workflow.RunAsync(Command with { Account = "ghost" }, default);

        Assert.Equal(OutcomeStatus.Rejected, outcome.Status);
        Assert.Equal(OutcomeErrorKind.AccountNotConfigured, outcome.Error!.Kind);
        Assert.Empty(harness.Exchange.Received);
    }
}
