using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CancelAll.Cli;

namespace CancelAll.Cli.Tests;

/// <summary>
/// The built CLI as a process, its output piped: SIGINT and SIGTERM in the middle of a sandbox flatten (the sandbox's
/// exchange answers slowly, so the signal lands between steps), and no progress drawn when standard error is a pipe.
/// </summary>
public partial class CliProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"Sandbox exchange after the run: (\d+) open order\(s\), (\d+) plan/strategy order\(s\), (\d+) position\(s\)")]
    private static partial Regex SandboxState();

    /// <summary>
    /// The CLI as it was built, in its own output folder (the test project references it, so it is built in the same
    /// configuration): its copy in this folder would load the test project's dependencies.
    /// </summary>
    internal static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (here.Name, here.Parent!.Name);
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            var dll = Path.Combine(folder.FullName, "src", "CancelAllCli", "bin", configuration, framework, "cancel-all.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException($"cancel-all.dll was not found under src/CancelAllCli/bin/{configuration}/{framework} above {here.FullName}.");
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr, TimeSpan SignalToExit);

    /// <summary>Starts the CLI, waits for the sandbox banner and <paramref name="wait"/> more, sends the signals, and reads it to the end.</summary>
    private static async Task<Run> RunAndSignalAsync(string[] arguments, TimeSpan wait, params string[] signals)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = new System.Text.StringBuilder();
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                stderr.AppendLine(line);
                if (line.StartsWith("Sandbox:", StringComparison.Ordinal))
                {
                    break;
                }
            }

            await Task.Delay(wait, timeout.Token);
            var signalled = Stopwatch.StartNew();
            for (var i = 0; i < signals.Length; i++)
            {
                using var kill = Process.Start("kill", ["-" + signals[i], process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(timeout.Token);

                // Signals sent back to back may be merged into one: send the next once the CLI said it heard this one.
                while (i < signals.Length - 1 && await process.StandardError.ReadLineAsync(timeout.Token) is { } heard)
                {
                    stderr.AppendLine(heard);
                    if (heard.StartsWith("Stopping", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }

            stderr.Append(await process.StandardError.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);
            return new Run(process.ExitCode, await stdout, stderr.ToString(), signalled.Elapsed);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Theory]
    [InlineData("INT", CliInterruption.SigIntExitCode)]
    [InlineData("TERM", CliInterruption.SigTermExitCode)]
    public async Task A_signal_in_the_middle_of_a_flatten_prints_the_outcome_so_far(string signal, int exitCode)
    {
        var run = await RunAndSignalAsync(["--sandbox", "--scope", "flatten", "--sandbox-delay", "400", "--json"], TimeSpan.FromSeconds(1.5), signal);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains("Stopping", run.Stderr, StringComparison.Ordinal);

        // Exactly one JSON document: the outcome so far, which says what did not start.
        using var outcome = JsonDocument.Parse(run.Stdout);
        var root = outcome.RootElement;
        Assert.NotEqual("Succeeded", root.GetProperty("status").GetString());
        var targets = root.GetProperty("targets").EnumerateArray().ToList();
        var notStarted = targets.SelectMany(t => t.GetProperty("steps").EnumerateArray())
            .Where(s => s.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.GetProperty("kind").GetString() == "Interrupted")
            .ToList();
        Assert.NotEmpty(notStarted);

        // The exchange agrees with what the outcome says was done and left: 7 orders were seeded, 1 position (USDT-FUTURES).
        var state = SandboxState().Match(run.Stderr);
        Assert.True(state.Success, run.Stderr);
        var openOrders = int.Parse(state.Groups[1].Value, CultureInfo.InvariantCulture);
        var positions = int.Parse(state.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.Equal(7, root.GetProperty("cancelledCount").GetInt32() + openOrders);
        var usdtSteps = targets.Single(t => t.GetProperty("productType").GetString() == "USDT-FUTURES").GetProperty("steps").EnumerateArray();
        var closed = usdtSteps.Where(s => s.GetProperty("name").GetString() == "close-positions").Sum(s => s.GetProperty("done").GetInt32());
        Assert.Equal(1 - closed, positions);
    }

    [Fact]
    public async Task A_second_ctrl_c_exits_at_once()
    {
        // Each request takes 30 s, past the CLI's 5 s attempt timeout: the step under way would retry for 20 s (4 attempts)
        // before it ended, and the first Ctrl-C waits for it; the second does not. 10 s leaves a loaded machine room for
        // the two kill processes and the CLI's exit, and is half of what waiting for the step would take.
        var run = await RunAndSignalAsync(["--sandbox", "--scope", "flatten", "--sandbox-delay", "30000", "--json"], TimeSpan.FromSeconds(0.5), "INT", "INT");

        Assert.Equal(CliInterruption.SigIntExitCode, run.ExitCode);
        Assert.Contains("Stopped at once", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.SignalToExit < TimeSpan.FromSeconds(10), $"exited {run.SignalToExit} after the signals");
    }

    [Fact]
    public async Task Piped_standard_error_shows_no_progress()
    {
        var run = await RunAndSignalAsync(["--sandbox", "--scope", "flatten"], TimeSpan.Zero);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Succeeded", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("targets done", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', run.Stderr);
        Assert.DoesNotContain('\r', run.Stdout);
    }

    [GeneratedRegex(@"local test exchange at http://127\.0\.0\.1:(\d+)/")]
    private static partial Regex SandboxPort();

    [Fact]
    public async Task The_sandbox_exchange_ends_with_the_cli_even_when_the_cli_is_killed()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { CliDll(), "--sandbox", "--scope", "flatten", "--sandbox-delay", "5000" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            // The banner goes to standard output without --json.
            var banner = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var port = int.Parse(SandboxPort().Match(banner ?? string.Empty).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(await AcceptsAsync(port), "the sandbox exchange answers while the CLI runs");

            // SIGKILL: no handler runs in the CLI; the exchange sees its standard input close and stops.
            process.Kill();
            await process.WaitForExitAsync(timeout.Token);
            var stopped = Stopwatch.StartNew();
            while (await AcceptsAsync(port) && stopped.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100, timeout.Token);
            }

            Assert.False(await AcceptsAsync(port), $"the sandbox exchange still listens on {port} {stopped.Elapsed} after the CLI was killed");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_terminal_shows_the_progress_line()
    {
        // script(1) runs the CLI on a pseudo-terminal and copies what the terminal showed to its own standard output.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-qec", $"{dotnet} {CliDll()} --sandbox --scope flatten -p USDT-FUTURES > /dev/null", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            var terminal = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(ExitCodes.Success, process.ExitCode);
            Assert.Contains("\r\u001b[K[0/1 targets done] USDT-FUTURES cancel-orders (1/5)", terminal, StringComparison.Ordinal);
            Assert.Contains("[0/1 targets done] USDT-FUTURES verify (5/5)", terminal, StringComparison.Ordinal);
            Assert.Contains("[1/1 targets done]", terminal, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
