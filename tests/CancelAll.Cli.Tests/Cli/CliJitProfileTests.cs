using System.Diagnostics;
using CancelAll.Core.Startup;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;

namespace CancelAll.Cli.Tests;

/// <summary>
/// The JIT CLI as a process with the runtime's real multicore JIT: a garbage profile or a directory that cannot be
/// written to never stops a kill; a garbage profile is replaced by a real one when the CLI exits.
/// </summary>
public sealed class CliJitProfileTests : IDisposable
{
    private readonly TemporaryDirectory temp = new("cancel-all-jit-cli-test-");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_garbage_profile_does_not_stop_the_kill_and_is_replaced_by_a_real_one()
    {
        var file = await temp.WriteAsync("cancel-all-cli" + StartupJitProfile.Extension, "garbage, not a multicore JIT profile");

        var (exitCode, stdout, stderr) = await RunCliAsync(temp.Path);

        Assert.True(exitCode == 0, $"exit {exitCode}: {stdout} {stderr}");
        Assert.Contains("Succeeded: 5 cancelled, 0 failed", stdout, StringComparison.Ordinal);

        // The runtime's header (record id of type 1 and 64 bytes, format version 102), written at the CLI's exit.
        Assert.Equal([0x40, 0x00, 0x00, 0x01, 0x66, 0x00, 0x00, 0x00], (await File.ReadAllBytesAsync(file))[..8]);
    }

    [Fact]
    public async Task A_directory_that_cannot_be_written_to_does_not_stop_the_kill()
    {
        // /proc takes no new files, for root too.
        var (exitCode, stdout, stderr) = await RunCliAsync("/proc");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stdout} {stderr}");
        Assert.Contains("Succeeded: 5 cancelled, 0 failed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(string profileDirectory)
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        var account = new ExchangeAccount("bg_cli_jit_key_0001", "cli-jit-hmac-secret-0123456789", "cli-jit-pass", false, TestExchange.AccountMode.Classic);
        exchange.AddAccount(account);
        exchange.AddOrders(account.ApiKey, "USDT-FUTURES", "USDT", 5, "BTCUSDT");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { CliProcessTests.CliDll(), "-p", "USDT-FUTURES", "-m", "USDT", "--base-url", exchange.BaseUri.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("CancelAll", StringComparison.OrdinalIgnoreCase) || k.StartsWith("BITGET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["BITGET_API_KEY"] = account.ApiKey;
        start.Environment["BITGET_API_SECRET"] = account.Secret;
        start.Environment["BITGET_API_PASSPHRASE"] = account.Passphrase;
        start.Environment[StartupJitProfile.DirectoryVariable] = profileDirectory;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
