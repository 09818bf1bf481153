using System.Diagnostics;
using CancelAll.Functions.Tests.Support;

namespace CancelAll.Functions.Tests;

/// <summary>
/// The app as the Functions host starts it (its own process, settings as environment variables): a bad setting stops it
/// with the setting's message (the setting, its environment variable, the problem, an example), exit 1, no stack trace.
/// No Functions host runs here; the app stops before it would connect to one.
/// </summary>
public class StartupErrorTests
{
    private static readonly Uri ClosedPort = new("http://127.0.0.1:9/");

    [Theory]
    [InlineData("CancelAll:Flatten:VerifyDeadline", "ten seconds", "is 'ten seconds', which is not a time span ([d.]hh:mm:ss[.fff]); example: 00:00:10.")]
    [InlineData("CancelAll:Exchange:MaxRetries", "3.5", "is '3.5', which is not a whole number; example: 5.")]
    [InlineData("CancelAll:Webhook:MaxBodyBytes", "10", "must be between")]
    [InlineData("CancelAll:Webhook:Secrets", "", "is empty: set at least one shared secret")]
    public async Task A_bad_setting_stops_the_app_with_its_message_and_no_stack_trace(string key, string value, string problem)
    {
        var settings = AppHost.SampleSettingsWithoutVault(ClosedPort, "bg_key", "startup-test-secret", "startup-pass");
        settings[key] = value;

        var (exitCode, stdout, stderr) = await RunAppAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("The app cannot start: a setting is missing or invalid.", stderr, StringComparison.Ordinal);
        Assert.Contains($"{key} (environment: {key.Replace(":", "__", StringComparison.Ordinal)})", stderr, StringComparison.Ordinal);
        Assert.Contains(problem, stderr, StringComparison.Ordinal);

        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("startup-test-secret", stdout + stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the app's own build output with these settings as its only CancelAll settings, as the host hands them over.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAppAsync(Dictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AppDll());
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("CancelAll", StringComparison.OrdinalIgnoreCase) || k.StartsWith("APPLICATIONINSIGHTS", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The app as it was built, in its own output folder (this project references it, so it is built in the same configuration).</summary>
    private static string AppDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (here.Name, here.Parent!.Name);
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            var dll = Path.Combine(folder.FullName, "src", "CancelAllFunction", "bin", configuration, framework, "CancelAllFunction.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException($"CancelAllFunction.dll was not found under src/CancelAllFunction/bin/{configuration}/{framework} above {here.FullName}.");
    }
}
