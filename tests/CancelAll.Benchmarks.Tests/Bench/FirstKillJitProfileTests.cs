using System.Diagnostics;
using CancelAll.Benchmarks;
using CancelAll.Core.Startup;
using CancelAll.Core.Tests.Support;
using CancelAll.TestExchange;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// Row 0's process (the app's start-up code: the start-up JIT profile, the registrations, the warm-up, then a real
/// signed kill at a loopback test exchange) with the runtime's real multicore JIT calls: a profile directory that is
/// garbage or cannot be written to never stops the start or the kill, and the process says once why there is no profile.
/// </summary>
public sealed class FirstKillJitProfileTests : IDisposable
{
    private readonly TemporaryDirectory temp = new("cancel-all-jit-process-test-");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_garbage_profile_is_ignored_the_kill_works_and_the_next_start_plays_the_new_profile()
    {
        var file = await temp.WriteAsync("cancel-all-bench-firstkill" + StartupJitProfile.Extension, "garbage, not a multicore JIT profile");

        var first = await RunFirstKillAsync(temp.Path);
        var second = await RunFirstKillAsync(temp.Path);

        AssertKilled(first);
        Assert.Equal($"Start-up: the file {file} is not a profile this runtime reads (ignored): recording a new one for the next start", StartUpLine(first));
        AssertKilled(second);
        Assert.Equal($"Start-up: playing the profile {file} recorded by an earlier start, and recording this start's", StartUpLine(second));
    }

    [Fact]
    public async Task A_directory_that_cannot_be_written_to_leaves_no_profile_and_the_kill_works()
    {
        // /proc takes no new files, for root too.
        var run = await RunFirstKillAsync("/proc");

        AssertKilled(run);
        Assert.Equal("Start-up: no start-up JIT profile: the directory /proc cannot be written to (CancelAll:Startup:JitProfileDirectory: use a writable directory)", StartUpLine(run));
    }

    private static void AssertKilled((int ExitCode, string Stdout, string Stderr) run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stdout} {run.Stderr}");
        Assert.Contains("\"status\":200,\"cancelled\":5}", run.Stdout, StringComparison.Ordinal);
    }

    private static string StartUpLine((int ExitCode, string Stdout, string Stderr) run) =>
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("profile", StringComparison.OrdinalIgnoreCase));

    /// <summary>`dotnet CancelAll.Benchmarks.dll firstkill` against a fresh test exchange with 5 open orders, the profile directory set.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunFirstKillAsync(string profileDirectory)
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase, false, TestExchange.AccountMode.Classic));
        exchange.AddOrders(BenchAccount.ApiKey, "USDT-FUTURES", "USDT", 5, "BTCUSDT");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "CancelAll.Benchmarks.dll"), "firstkill", "--base-url", exchange.BaseUri.ToString(), "--warm-up", "full" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[StartupJitProfile.DirectoryVariable] = profileDirectory;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
