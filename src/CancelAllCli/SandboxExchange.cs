using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;

namespace CancelAll.Cli;

/// <summary>
/// The sandbox's local exchange (src/CancelAll.TestExchange) as a child process, so that the CLI itself carries no
/// web server (its Native AOT binary stays small and starts at once). The child gets a generated demo key on standard
/// input (never on the command line), answers on 127.0.0.1, ignores the terminal's Ctrl-C (the CLI handles it and lets
/// the steps under way finish), and stops when its standard input closes: when <see cref="StopAsync"/> closes it, or
/// when this process ends in any way, so that it never outlives the CLI.
/// </summary>
internal sealed class SandboxExchange : IAsyncDisposable
{
    /// <summary>The test exchange's file names beside the CLI: its apphost, or its assembly for the dotnet host.</summary>
    public const string AppHostName = "CancelAll.TestExchange";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder diagnostics = new();
    private readonly Task readDiagnostics;

    private SandboxExchange(Process process)
    {
        this.process = process;
        BaseUri = null!;
        Credentials = null!;
        readDiagnostics = DrainAsync(process.StandardError, diagnostics);
    }

    public Uri BaseUri { get; private set; }

    /// <summary>The demo key made for this run; it opens nothing but this loopback exchange, which ends with the run.</summary>
    public ApiCredentials Credentials { get; private set; }

    /// <summary>Starts the exchange found beside the CLI, with one demo account seeded as <c>--seed</c> does, and waits until it answers.</summary>
    public static async Task<SandboxExchange> StartAsync(bool classic, int delayMilliseconds, CancellationToken cancellationToken)
    {
        var start = StartInfo(AppContext.BaseDirectory)
            ?? throw new CommandValidationException(
                "--sandbox",
                $"--sandbox needs the local test exchange beside cancel-all ({AppHostName} or {AppHostName}.dll in {AppContext.BaseDirectory}), and it is not there. "
                + "Run the sandbox from the repository (dotnet run --project src/CancelAllCli -- --sandbox), or publish the exchange next to this binary: "
                + $"dotnet publish src/CancelAll.TestExchange -c Release -o {AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)}");
        foreach (var argument in new[] { "--stdin", "--seed", "--mode", classic ? "classic" : "uta", "--delay", Math.Max(0, delayMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CommandValidationException("--sandbox", $"--sandbox: the local test exchange ({start.FileName}) did not start.");
        }
        catch (Win32Exception e)
        {
            throw new CommandValidationException("--sandbox", $"--sandbox: the local test exchange ({start.FileName}) could not be started: {e.Message}. With the dotnet host, the .NET runtime with ASP.NET Core must be installed.");
        }

        var exchange = new SandboxExchange(process);
        try
        {
            var credentials = new ApiCredentials(
                "bg_sandbox_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
                Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
                Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
                demo: true);
            await process.StandardInput.WriteLineAsync($"{credentials.ApiKey}:{credentials.Secret}:{credentials.Passphrase}:demo".AsMemory(), cancellationToken).ConfigureAwait(false);
            await process.StandardInput.WriteLineAsync(ReadOnlyMemory<char>.Empty, cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);

            // Its first line on standard output is its address, written once it listens and holds the account.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            string? address;
            try
            {
                address = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                address = null;
            }

            if (!Uri.TryCreate(address, UriKind.Absolute, out var baseUri))
            {
                throw new CommandValidationException("--sandbox", $"--sandbox: the local test exchange did not start{(process.HasExited ? $" (exit code {process.ExitCode})" : $" within {StartTimeout.TotalSeconds:F0} s")}. {await exchange.DiagnosticsAsync().ConfigureAwait(false)}".TrimEnd());
            }

            exchange.BaseUri = baseUri;
            exchange.Credentials = credentials;
            return exchange;
        }
        catch
        {
            await exchange.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the exchange (closes its standard input) and returns what its book holds after the run.</summary>
    public async Task<string> StopAsync(CancellationToken cancellationToken)
    {
        process.StandardInput.Close();
        var books = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var prefix = $"book {Credentials.ApiKey}: ";
        var line = books.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? "not reported (the exchange stopped without its book)" : line[prefix.Length..];
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        await readDiagnostics.ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>How to run the exchange found in <paramref name="folder"/>: its apphost, else its assembly with the dotnet host; null when neither is there.</summary>
    internal static ProcessStartInfo? StartInfo(string folder)
    {
        ProcessStartInfo? start = null;
        var appHost = Path.Combine(folder, OperatingSystem.IsWindows() ? AppHostName + ".exe" : AppHostName);
        var assembly = Path.Combine(folder, AppHostName + ".dll");
        if (File.Exists(appHost))
        {
            start = new ProcessStartInfo(appHost);
        }
        else if (File.Exists(assembly))
        {
            start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
            start.ArgumentList.Add(assembly);
        }

        if (start is not null)
        {
            start.UseShellExecute = false;
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
        }

        return start;
    }

    private async Task<string> DiagnosticsAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        await readDiagnostics.ConfigureAwait(false);
        return diagnostics.Length == 0 ? string.Empty : "It said: " + diagnostics.ToString().Trim();
    }

    // Its standard error (banner, stop lines) is read so that the pipe never fills; it is shown only when it failed to start.
    private static async Task DrainAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            into.AppendLine(line);
        }
    }
}
