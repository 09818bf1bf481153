using System.Text.RegularExpressions;
using CancelAll.Cli;
using CancelAll.Core.Credentials;
using CancelAll.TestExchange;

namespace CancelAll.Cli.Tests;

/// <summary>
/// README's quick start, as a newcomer types it: every CLI command of steps 1 and 2 runs as written (step 2 against the
/// test exchange's demo unified account instead of Bitget's, the only change being --base-url), and the vault secrets
/// step 3 loads are the ones the app reads.
/// </summary>
public partial class QuickStartTests
{
    private const string Command = "dotnet run --project src/CancelAllCli -- ";

    [GeneratedRegex(@"put_secret ([a-z0-9-]+)")]
    private static partial Regex PutSecret();

    private static string QuickStart()
    {
        var readme = File.ReadAllText(Path.Combine(CancelAll.Core.Tests.Support.RepositoryFiles.Root(), "README.md"));
        var start = readme.IndexOf("## Quick start", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README has no '## Quick start' section");
        return readme[start..end];
    }

    /// <summary>The CLI commands of a step (its text up to the next bold step title), as argument lists.</summary>
    private static List<string[]> Commands(string step)
    {
        var text = QuickStart();
        var from = text.IndexOf($"**{step}.", StringComparison.Ordinal);
        var to = text.IndexOf("\n**", from + 1, StringComparison.Ordinal);
        Assert.True(from >= 0, $"the quick start has no step {step}");
        return text[from..(to < 0 ? text.Length : to)].Split('\n')
            .Where(l => l.StartsWith(Command, StringComparison.Ordinal))
            .Select(l => l[Command.Length..].Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string?> environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new CliApp(output, error, environment).InvokeAsync(args);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Step_1_sandbox_commands_run_as_written()
    {
        var commands = Commands("1");
        Assert.Equal(3, commands.Count);
        foreach (var args in commands)
        {
            var (exit, output, error) = await RunAsync(args, []);
            Assert.True(exit == ExitCodes.Success, $"{string.Join(' ', args)} exited {exit}: {output}{error}");
            Assert.StartsWith("Succeeded", output.Split('\n').First(l => l.Contains("cancelled", StringComparison.Ordinal)).Trim(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Step_2_previews_then_cancels_on_a_demo_account_with_the_keys_it_exports()
    {
        const string key = "bg_quick_start_demo", secret = "quick-start-secret-93c1a7", passphrase = "quick-start-pass";
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(key, secret, passphrase, Demo: true, Mode: TestExchange.AccountMode.Unified));
        exchange.AddOrders(key, "USDT-FUTURES", "USDT", 3);
        var environment = new Dictionary<string, string?> { ["BITGET_API_KEY"] = key, ["BITGET_API_SECRET"] = secret, ["BITGET_API_PASSPHRASE"] = passphrase };
        Assert.Contains("export BITGET_API_KEY BITGET_API_SECRET BITGET_API_PASSPHRASE", QuickStart(), StringComparison.Ordinal);

        var commands = Commands("2");
        Assert.Equal(2, commands.Count);
        var (previewExit, preview, _) = await RunAsync([.. commands[0], "--base-url", exchange.BaseUri.ToString()], environment);
        Assert.Equal(ExitCodes.Success, previewExit);
        Assert.StartsWith("Dry run, nothing was changed: would act on 3 orders", preview, StringComparison.Ordinal);
        Assert.Equal(3, exchange.Book(key).OpenOrders.Count);

        var (exit, output, _) = await RunAsync([.. commands[1], "--base-url", exchange.BaseUri.ToString()], environment);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("Succeeded: 3 cancelled", output, StringComparison.Ordinal);
        Assert.Empty(exchange.Book(key).OpenOrders);
        Assert.All(exchange.Received.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal) && r.Header("ACCESS-KEY") is not null), r => Assert.Equal("1", r.Header("paptrading")));
    }

    [Fact]
    public void Step_3_loads_the_secrets_the_app_reads()
    {
        var names = AccountNames.SecretNamesFor("main");
        var bicep = File.ReadAllText(Path.Combine(CancelAll.Core.Tests.Support.RepositoryFiles.Root(), "infra", "main.bicep"));
        var webhookSecret = Regex.Match(bicep, @"var webhookSecretsSecretName = '([a-z0-9-]+)'").Groups[1].Value;

        var loaded = PutSecret().Matches(QuickStart()).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(new HashSet<string> { names.ApiKey, names.ApiSecret, names.Passphrase, names.Demo, webhookSecret }, loaded);
        Assert.Contains("--function-name CancelAll ", QuickStart(), StringComparison.Ordinal);
    }
}
