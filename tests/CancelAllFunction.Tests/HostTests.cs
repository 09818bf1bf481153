using System.Reflection;
using Azure.Core;
using CancelAll.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CancelAll.Functions.Tests;

/// <summary>The real worker host with the app's registrations: it starts, and it can build every function.</summary>
public class HostTests
{
    private static readonly Uri ClosedPort = new("http://127.0.0.1:9/");

    /// <summary>Every class of the app with a [Function] method, found as the worker SDK finds them.</summary>
    public static Type[] FunctionClasses { get; } = typeof(AppServices).Assembly.GetTypes()
        .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void The_worker_host_builds_every_function_class_with_the_apps_registrations()
    {
        using var host = AppHost.Build(AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass"));
        host.ValidateAsAtStart();

        // The worker's own activator, as it creates a function instance for each invocation.
        var activator = host.Services.GetRequiredService<IFunctionActivator>();
        using var scope = host.Services.CreateScope();
        var context = TestHttp.Context(services: scope.ServiceProvider);
        var built = FunctionClasses.Select(t => activator.CreateInstance(t, context)).ToList();

        Assert.All(built, Assert.NotNull);
        var expected = new List<string> { "CancelAllHttp", "FlattenTimer", "Health", "Heartbeat", "HeartbeatLapseTimer" };
#if SERVICEBUS_FUNCTION
        expected.Add("CancelRequestsFromServiceBus");
#endif
        Assert.Equal(expected.Order(StringComparer.Ordinal), FunctionClasses.Select(t => t.Name));
    }

    [Fact]
    public void README_local_path_without_a_vault_starts_with_the_sample_settings()
    {
        // local.settings.sample.json as README says to use it without a vault: VaultUri cleared, keys in settings.
        using var host = AppHost.Build(AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass"));
        host.ValidateAsAtStart();
    }

    [Fact]
    public void Replies_without_a_vault_use_the_apps_identity()
    {
        // Sending replies needs an Entra token; without a vault the app's identity must exist all the same.
        var settings = AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass");
        settings["CancelAll:Replies:Namespace"] = "sb-cancelall-dev.servicebus.windows.net";
        using var host = AppHost.Build(settings);

        host.ValidateAsAtStart();
        Assert.NotNull(host.Services.GetService<TokenCredential>());
        Assert.True(host.Services.GetRequiredService<CancelAll.Core.Replies.ServiceBusReplySender>().Enabled);
    }

    [Fact]
    public void A_missing_setting_stops_start_up_with_a_message_that_names_it()
    {
        var settings = AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "secret", "pass");
        settings["CancelAll:Webhook:Secrets"] = string.Empty;
        using var host = AppHost.Build(settings);

        var e = Assert.ThrowsAny<OptionsValidationException>(host.ValidateAsAtStart);
        Assert.Contains("CancelAll:Webhook:Secrets is empty", e.Message, StringComparison.Ordinal);
    }
}
