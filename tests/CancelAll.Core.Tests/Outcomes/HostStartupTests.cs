using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Outcomes;

/// <summary>
/// The Functions worker runs on the generic host. Registered as the app's Program.cs registers it, the core stops a
/// host with a bad setting at start, naming the setting.
/// </summary>
public class HostStartupTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services
            .AddBitgetExchange(builder.Configuration)
            .AddCancelAllCredentials(builder.Configuration)
            .AddCancelAllWorkflow(builder.Configuration)
            .AddCancelAllInputs(builder.Configuration)
            .AddCancelAllAzureMonitor(builder.Configuration);
        return builder.Build();
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["CancelAll:Webhook:Secrets"] = "host-test-secret-0123456789",
        ["CancelAll:Accounts:main:ApiKey"] = "bg_host_key",
        ["CancelAll:Accounts:main:ApiSecret"] = "host-secret",
        ["CancelAll:Accounts:main:Passphrase"] = "host-pass",
    };

    [Theory]
    [InlineData("CancelAll:Webhook:Secrets", "", "CancelAll:Webhook:Secrets")]
    [InlineData("CancelAll:Exchange:ReceiveWindow", "00:01:30", "CancelAll:Exchange:ReceiveWindow")]
    [InlineData("CancelAll:Schedule:Jobs", """[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"Nowhere/City"}]""", "job 'x', field timeZone")]
    [InlineData("CancelAll:KeyVault:VaultUri", "not a uri", "CancelAll:KeyVault:VaultUri")]
    [InlineData("CancelAll:Flatten:VerifyDeadline", "abc", "CancelAll__Flatten__VerifyDeadline) is 'abc', which is not a time span")]
    [InlineData("CancelAll:Exchange:MaxRetries", "many", "CancelAll__Exchange__MaxRetries) is 'many', which is not a whole number")]
    [InlineData("CancelAll:Queue:MaxDeliveryCount", "five", "CancelAll__Queue__MaxDeliveryCount) is 'five', which is not a whole number; example: 5")]
    public async Task A_bad_setting_stops_the_host_naming_it(string setting, string value, string named)
    {
        var settings = Valid();
        settings[setting] = value;
        using var host = Build(settings);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        var failures = e is AggregateException many ? many.InnerExceptions : [e];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        Assert.Contains(failures, f => f.Message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_settings_start_the_host()
    {
        using var host = Build(Valid());
        await host.StartAsync();
        await host.StopAsync();
    }
}
