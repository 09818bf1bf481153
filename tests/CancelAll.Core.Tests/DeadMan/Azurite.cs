using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CancelAll.Core.Tests.DeadMan;

/// <summary>
/// Azurite's table service (the npm package <c>azurite</c>) on 127.0.0.1 and a free port, in memory, telemetry off,
/// started once for the tests that need it and stopped after them. Found on PATH or under the repository's
/// <c>.tools/azurite/node_modules</c> (where .ci/run installs it) or <c>node_modules</c>. Missing Azurite fails the
/// tests with the command that installs it: never a silent skip.
/// </summary>
public class Azurite : IAsyncLifetime
{
    public const string InstallHint = "npm install --no-save --prefix .tools/azurite azurite@3.37.0 (what .ci/run does), or npm install -g azurite@3.37.0";

    // Azurite's well-known development account; it opens nothing but the emulator on this machine.
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? process;
    private string? workspace; // its working directory: anything it writes goes there, not into the repository

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};TableEndpoint=http://127.0.0.1:{Port}/{DevAccount};";

    public async Task InitializeAsync()
    {
        // On a fresh clone the test command alone is enough: install the pinned Azurite the way .ci/run does.
        var executable = Find() ?? await InstallAsync() ?? throw new InvalidOperationException($"Azurite (azurite-table) was not found on PATH or under .tools/azurite/node_modules or node_modules, and .ci/azurite.sh could not install it. Install it: {InstallHint}");
        Port = FreePort();
        workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workspace,
        };
        foreach (var argument in Arguments(workspace))
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { errors.Enqueue(line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { errors.Enqueue(line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before it listened on 127.0.0.1:{Port}: {string.Join(" / ", errors)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The command line after the executable; <paramref name="workspace"/> is Azurite's own directory, for any files it needs.</summary>
    protected virtual IEnumerable<string> Arguments(string workspace) =>
    [
        "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent",
    ];

    public virtual async Task DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (workspace is not null)
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    /// <summary>Runs the repository's .ci/azurite.sh (npm install of the pinned version into .tools/azurite), then looks again.</summary>
    private static async Task<string?> InstallAsync()
    {
        var script = Ancestors().Select(dir => Path.Combine(dir, ".ci", "azurite.sh")).FirstOrDefault(File.Exists);
        if (script is null)
        {
            return null;
        }

        using var install = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = install.StandardOutput.ReadToEndAsync(patience.Token);
        var errors = install.StandardError.ReadToEndAsync(patience.Token);
        await install.WaitForExitAsync(patience.Token);
        return install.ExitCode == 0 ? Find() : throw new InvalidOperationException($".ci/azurite.sh failed ({install.ExitCode}): {await errors} {await output}");
    }

    private static IEnumerable<string> Ancestors()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }

    private static string? Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "azurite-table"));
        var local = Ancestors().SelectMany(dir => new[]
        {
            Path.Combine(dir, ".tools", "azurite", "node_modules", ".bin", "azurite-table"),
            Path.Combine(dir, "node_modules", ".bin", "azurite-table"),
        });
        return onPath.Concat(local).FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteGroup : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}
