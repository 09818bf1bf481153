using CancelAll.Cli;

namespace CancelAll.Cli.Tests;

/// <summary>How the CLI finds the sandbox's exchange beside itself: its apphost first, else its assembly with the dotnet host.</summary>
public sealed class SandboxExchangeTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("cancel-all-sandbox-");

    [Fact]
    public void Nothing_beside_the_cli_means_no_sandbox()
    {
        Assert.Null(SandboxExchange.StartInfo(folder.FullName));
    }

    [Fact]
    public void The_assembly_alone_runs_with_the_dotnet_host_and_every_stream_piped()
    {
        var assembly = Path.Combine(folder.FullName, SandboxExchange.AppHostName + ".dll");
        File.WriteAllText(assembly, string.Empty);

        var start = SandboxExchange.StartInfo(folder.FullName)!;

        Assert.Equal(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", start.FileName);
        Assert.Equal([assembly], start.ArgumentList);
        Assert.True(start.RedirectStandardInput && start.RedirectStandardOutput && start.RedirectStandardError);
        Assert.False(start.UseShellExecute);
    }

    [Fact]
    public void The_apphost_wins_over_the_assembly()
    {
        var appHost = Path.Combine(folder.FullName, OperatingSystem.IsWindows() ? SandboxExchange.AppHostName + ".exe" : SandboxExchange.AppHostName);
        File.WriteAllText(appHost, string.Empty);
        File.WriteAllText(Path.Combine(folder.FullName, SandboxExchange.AppHostName + ".dll"), string.Empty);

        var start = SandboxExchange.StartInfo(folder.FullName)!;

        Assert.Equal(appHost, start.FileName);
        Assert.Empty(start.ArgumentList);
        Assert.True(start.RedirectStandardInput);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
