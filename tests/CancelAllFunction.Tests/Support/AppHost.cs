using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Functions.Tests.Support;

/// <summary>
/// The real worker host (FunctionsApplication.CreateBuilder) with the app's own registrations (AppServices.Add),
/// as Program.cs builds it. It is built, not run: running needs the Functions host's gRPC endpoint.
/// </summary>
internal static class AppHost
{
    public static IHost Build(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null, ILoggerProvider? logs = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        AppServices.Add(builder.Services, builder.Configuration);
        if (logs is not null)
        {
            // The provider sees every level, so that tests can tell what stays below the app's default (Information).
            builder.Logging.AddProvider(logs);
            builder.Services.Configure<LoggerFilterOptions>(filters => filters.Rules.Add(new LoggerFilterRule(logs.GetType().FullName, null, LogLevel.Trace, null)));
        }

        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>What the host checks when it starts: every ValidateOnStart option, with the messages it would stop with.</summary>
    public static void ValidateAsAtStart(this IHost host) => host.Services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>
    /// local.settings.sample.json's values as Core Tools hands them to the worker (environment variables, where
    /// <c>__</c> means a configuration section).
    /// </summary>
    public static Dictionary<string, string?> SampleSettings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json")))!;
        return sample["Values"]!.AsObject().ToDictionary(
            kv => kv.Key.Replace("__", ":", StringComparison.Ordinal),
            kv => (string?)kv.Value!.GetValue<string>(),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>README's local path without a vault: clear the VaultUri line and give the account's keys.</summary>
    public static Dictionary<string, string?> SampleSettingsWithoutVault(Uri exchange, string apiKey, string secret, string passphrase)
    {
        var settings = SampleSettings();
        settings["CancelAll:KeyVault:VaultUri"] = string.Empty;
        settings["CancelAll:Accounts:main:ApiKey"] = apiKey;
        settings["CancelAll:Accounts:main:ApiSecret"] = secret;
        settings["CancelAll:Accounts:main:Passphrase"] = passphrase;
        settings["CancelAll:Exchange:BaseUrl"] = exchange.ToString();
        return settings;
    }
}
