using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>The standalone test exchange as a process: help, argument errors, the start-up lines and a clean SIGTERM.</summary>
public class ExchangeProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var (exitCode, stdout, stderr) = await RunToEndAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--mode uta|classic", stdout, StringComparison.Ordinal);
        Assert.Contains("--port N", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Theory]
    [InlineData("--port abc", "--port 'abc' is not valid: give a port from 1 to 65535")]
    [InlineData("--port 70000", "--port '70000' is not valid")]
    [InlineData("--mode hybrid", "--mode 'hybrid' is not a mode: give uta or classic")]
    [InlineData("--account key-only:s3cr3t-value", "--account takes KEY:SECRET:PASSPHRASE")]
    [InlineData("--orders", "--orders needs a value")]
    public async Task Bad_arguments_exit_2_with_a_message_that_names_the_fix(string arguments, string message)
    {
        var (exitCode, stdout, stderr) = await RunToEndAsync(arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Prints_the_address_first_then_working_keys_and_stops_cleanly_on_a_signal(string signal)
    {
        using var process = Start("--mode", "uta", "--orders", "3");
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            var firstLine = await process.StandardOutput.ReadLineAsync(timeout.Token);
            var banner = await ReadUntilAsync(process.StandardError, "CLI:", timeout.Token);
            var address = new Uri(firstLine!);
            string Setting(string name) => Regex.Match(banner, name + "=(\\S+)").Groups[1].Value;
            var credentials = new ApiCredentials(Setting("BITGET_API_KEY"), Setting("BITGET_API_SECRET"), Setting("BITGET_API_PASSPHRASE"));
            using var client = new SignedExchangeClient(address, credentials, () => DateTimeOffset.UtcNow);

            var orders = await client.GetAsync("/api/v3/trade/unfilled-orders");
            Signal(process, signal);
            await process.WaitForExitAsync(timeout.Token);
            var rest = await process.StandardError.ReadToEndAsync(timeout.Token);

            Assert.Equal("127.0.0.1", address.Host);
            Assert.Contains("mode uta", banner, StringComparison.Ordinal);
            Assert.Contains("curl", banner, StringComparison.Ordinal);
            Assert.Contains(address.ToString().TrimEnd('/'), banner, StringComparison.Ordinal);
            Assert.Equal(("00000", 3), (orders.Code, orders.List.Count));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains($"SIG{signal}: stopping.", rest, StringComparison.Ordinal);
            Assert.Contains("stopped.", rest, StringComparison.Ordinal);
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(address.Host, address.Port));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Under_a_parent_it_reads_the_account_from_stdin_ignores_ctrl_c_and_stops_with_its_book_when_stdin_closes()
    {
        const string Key = "bg_parent_key";
        const string Secret = "parent-secret-7c1f0e9a2b";
        using var process = Start("--stdin", "--seed", "--mode", "uta");
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await process.StandardInput.WriteLineAsync($"{Key}:{Secret}:parentpass:demo");
            await process.StandardInput.WriteLineAsync();
            await process.StandardInput.FlushAsync(timeout.Token);
            var address = new Uri((await process.StandardOutput.ReadLineAsync(timeout.Token))!);
            using var client = new SignedExchangeClient(address, new ApiCredentials(Key, Secret, "parentpass", demo: true), () => DateTimeOffset.UtcNow);

            var before = await client.GetAsync("/api/v3/trade/unfilled-orders");

            // A terminal's Ctrl-C reaches the whole process group: the parent handles it, and this one keeps answering.
            Signal(process, "INT");
            var cancelled = await client.PostAsync("/api/v3/trade/cancel-symbol-order", """{"category":"USDT-FUTURES"}""");
            process.StandardInput.Close();
            var books = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(("00000", 7), (before.Code, before.List.Count));
            Assert.Equal("00000", cancelled.Code);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal($"book {Key}: 4 open order(s), 4 plan/strategy order(s), 1 position(s)", books.Trim());
            Assert.Contains("standard input closed: stopping.", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("SIGINT", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, stderr + books, StringComparison.Ordinal);
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
    [InlineData("key-only:s3cr3t-value\n\n", "standard input: each line takes KEY:SECRET:PASSPHRASE")]
    [InlineData("\n", "standard input gave no account")]
    public async Task Under_a_parent_a_bad_account_line_exits_2_without_the_secret(string input, string message)
    {
        using var process = Start("--stdin");
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(2, process.ExitCode);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-value", stderr, StringComparison.Ordinal);
            Assert.Empty(stdout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CancelAll.TestExchange.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(params string[] arguments)
    {
        using var process = Start(arguments);
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (lines.Count > 1 && lines[^2].StartsWith(marker, StringComparison.Ordinal))
            {
                break;
            }
        }

        return string.Join('\n', lines);
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
