using CancelAll.Core.Input;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Replies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Input;

/// <summary>
/// List settings bound as the app binds them (AddCancelAllInputs, generated binder): an array replaces the default, the
/// comma-separated form that settings used before is still read, and an empty list is refused by name.
/// </summary>
public class ListSettingsTests
{
    private const string Secret = "list-test-secret-0123456789";

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        // Webhook settings need a secret; tests that give one (in either form) keep theirs.
        if (!settings.Keys.Any(k => k.StartsWith("CancelAll:Webhook:Secrets", StringComparison.Ordinal)))
        {
            settings["CancelAll:Webhook:Secrets"] = Secret;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddCancelAllInputs(configuration).BuildServiceProvider();
    }

    private static T Options<T>(Dictionary<string, string?> settings)
        where T : class
    {
        using var services = Build(settings);
        return services.GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void Unset_keeps_the_default()
    {
        Assert.Equal(["BTC", "ETH"], Options<InputOptions>([]).CoinFuturesMarginCoins);
        Assert.Equal(["all"], Options<WebhookOptions>([]).DefaultProductTypes);
    }

    [Fact]
    public void An_array_replaces_the_default_instead_of_adding_to_it()
    {
        var options = Options<InputOptions>(new() { ["CancelAll:CoinFuturesMarginCoins:0"] = "xrp", ["CancelAll:CoinFuturesMarginCoins:1"] = "BTC" });

        Assert.Equal(["xrp", "BTC"], options.CoinFuturesMarginCoins);
        Assert.Equal(["XRP", "BTC"], options.CoinFuturesMarginCoinList);
    }

    [Fact]
    public void The_comma_separated_form_is_still_read_trimmed()
    {
        Assert.Equal(["XRP", "BTC"], Options<InputOptions>(new() { ["CancelAll:CoinFuturesMarginCoins"] = "xrp, BTC" }).CoinFuturesMarginCoinList);
        var webhook = Options<WebhookOptions>(new() { ["CancelAll:Webhook:Secrets"] = $"{Secret}, second-{Secret}", ["CancelAll:Webhook:DefaultProductTypes"] = "USDT-FUTURES,USDC-FUTURES" });
        Assert.Equal([Secret, "second-" + Secret], webhook.SecretList);
        Assert.Equal(["USDT-FUTURES", "USDC-FUTURES"], webhook.DefaultProductTypes);
    }

    [Fact]
    public void Webhook_secrets_as_an_array()
    {
        var webhook = Options<WebhookOptions>(new() { ["CancelAll:Webhook:Secrets:0"] = Secret, ["CancelAll:Webhook:Secrets:1"] = "second-" + Secret });

        Assert.Equal([Secret, "second-" + Secret], webhook.SecretList);
    }

    [Fact]
    public void Reply_queues_in_either_form()
    {
        var asArray = Options<ReplyOptions>(new() { ["CancelAll:Replies:AllowedQueues:0"] = "replies-desk1", ["CancelAll:Replies:AllowedQueues:1"] = "replies-desk2" });
        var asText = Options<ReplyOptions>(new() { ["CancelAll:Replies:AllowedQueues"] = "replies-desk1,replies-desk2" });

        Assert.Equal(["replies-desk1", "replies-desk2"], asArray.AllowedQueues);
        Assert.Equal(["replies-desk1", "replies-desk2"], asText.AllowedQueues);
        Assert.Contains("replies-desk2", asArray.AllowedQueueSet);
    }

    [Fact]
    public void An_empty_coin_list_is_refused_naming_the_setting()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options<InputOptions>(new() { ["CancelAll:CoinFuturesMarginCoins"] = string.Empty }));

        var message = Assert.Single(failure.Failures);
        Assert.StartsWith("CancelAll:CoinFuturesMarginCoins (environment: CancelAll__CoinFuturesMarginCoins): ", message, StringComparison.Ordinal);
        Assert.Contains("give at least one margin coin", message, StringComparison.Ordinal);
        Assert.DoesNotContain("InputOptions.", message, StringComparison.Ordinal);
    }
}
