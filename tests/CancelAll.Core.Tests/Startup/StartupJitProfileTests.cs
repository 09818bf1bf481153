using CancelAll.Core.Startup;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Tests.Startup;

/// <summary>
/// What a start does with its JIT profile, on the real file system. The runtime's two calls are recorded instead of
/// made: the runtime takes one profile root per process, and this test process is not the start being profiled (the
/// bench's process test, FirstKillJitProfileTests, makes the real calls).
/// </summary>
public sealed class StartupJitProfileTests : IDisposable
{
    // The first 8 bytes the runtime writes: the header's record id (type 1, 64 bytes) and the format version 102.
    private static readonly byte[] RecordedHeader = [0x40, 0x00, 0x00, 0x01, 0x66, 0x00, 0x00, 0x00];

    private readonly TemporaryDirectory temp = new("cancel-all-jit-test-");
    private readonly List<(string Directory, string File)> started = [];
    private int saves;

    private string directory => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_first_start_makes_the_directory_and_records_a_profile_for_the_next_start()
    {
        var profile = Start(Path.Combine(directory, "nested"));

        Assert.True(Directory.Exists(Path.Combine(directory, "nested")));
        Assert.Equal([(Path.Combine(directory, "nested"), "app.jitprofile")], started);
        Assert.True(profile.Recording);
        Assert.False(profile.Playing);
        Assert.Equal(Path.Combine(directory, "nested", "app.jitprofile"), profile.FilePath);
        Assert.Contains("no profile yet at", profile.Status, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(directory, "nested"))); // the write probe leaves nothing behind
    }

    [Fact]
    public void A_profile_recorded_by_an_earlier_start_is_played()
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "app.jitprofile"), [.. RecordedHeader, .. new byte[200]]);

        var profile = Start(directory);

        Assert.Single(started);
        Assert.True(profile.Playing);
        Assert.StartsWith("playing the profile ", profile.Status, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a profile at all, just text")]
    [InlineData("")]
    public void A_garbage_profile_is_said_to_be_ignored_and_a_new_one_is_recorded(string content)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "app.jitprofile"), content);

        var profile = Start(directory);

        Assert.Single(started); // the runtime checks the header itself, ignores the file and records anew
        Assert.False(profile.Playing);
        Assert.True(profile.Recording);
        Assert.Contains("is not a profile this runtime reads (ignored): recording a new one", profile.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_that_cannot_be_written_to_means_no_profile_and_says_why()
    {
        // /proc exists and takes no new files, for root too (this machine runs tests as root, so chmod would not do).
        var profile = Start("/proc");

        Assert.Empty(started);
        Assert.False(profile.Recording);
        Assert.Null(profile.FilePath);
        Assert.Equal("no start-up JIT profile: the directory /proc cannot be written to (CancelAll:Startup:JitProfileDirectory: use a writable directory)", profile.Status);
    }

    [Fact]
    public void A_directory_that_cannot_be_made_means_no_profile_and_says_why()
    {
        Directory.CreateDirectory(directory);
        var aFile = Path.Combine(directory, "a-file");
        File.WriteAllText(aFile, "x");

        var profile = Start(Path.Combine(aFile, "profiles"));

        Assert.Empty(started);
        Assert.StartsWith($"no start-up JIT profile: the directory {Path.Combine(aFile, "profiles")} cannot be used (", profile.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_directory_is_refused_with_the_setting_its_variable_and_an_example()
    {
        var profile = Start("profiles");

        Assert.Empty(started);
        Assert.Equal("no start-up JIT profile: CancelAll:Startup:JitProfileDirectory (environment: CancelAll__Startup__JitProfileDirectory) is 'profiles', which is not an absolute path; example: /tmp/cancel-all-jit, or off", profile.Status);
    }

    [Theory]
    [InlineData("off", true, 2, "CancelAll:Startup:JitProfileDirectory is off")]
    [InlineData(" OFF ", true, 2, "CancelAll:Startup:JitProfileDirectory is off")]
    [InlineData(null, true, 1, "this process has 1 CPU and the runtime plays a profile only with 2 or more")]
    [InlineData(null, false, 2, "this build is compiled ahead of time (Native AOT): nothing is JIT-compiled")]
    public void Off_one_CPU_or_Native_AOT_means_no_profile(string? setting, bool jitCompiles, int processors, string why)
    {
        var profile = StartupJitProfile.Start("app", setting, jitCompiles, processors, (d, f) => started.Add((d, f)), () => saves++);

        Assert.Empty(started);
        Assert.Equal("no start-up JIT profile: " + why, profile.Status);
        profile.Save();
        Assert.Equal(0, saves);
    }

    [Fact]
    public void Without_a_setting_the_profile_goes_to_this_users_temporary_directory()
    {
        var profile = StartupJitProfile.Start("cancel-all-test-default-" + Guid.NewGuid().ToString("N"), null, true, 2, (d, f) => started.Add((d, f)), () => saves++);

        Assert.Equal(StartupJitProfile.DefaultDirectory, Assert.Single(started).Directory);
        Assert.StartsWith(Path.GetTempPath(), StartupJitProfile.DefaultDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_writes_once()
    {
        var profile = Start(directory);

        profile.Save();
        profile.Save();

        Assert.Equal(1, saves);
    }

    [Fact]
    public async Task The_host_says_once_why_there_is_no_profile_and_still_starts()
    {
        var logs = new CapturingLoggerProvider();
        var profile = Start("/proc");
        using var host = Host(profile, logs);

        await host.StartAsync();
        await host.Services.GetServices<IHostedService>().OfType<StartupJitProfileService>().Single().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        var line = Assert.Single(logs.ShownLines, l => l.Contains("JIT profile", StringComparison.Ordinal));
        Assert.Equal($"Warning {typeof(StartupJitProfileService).FullName}: Start-up: {profile.Status}", line);
        Assert.Equal(0, saves);
    }

    [Fact]
    public async Task The_host_says_what_it_plays_and_writes_the_profile_after_start()
    {
        var logs = new CapturingLoggerProvider();
        var profile = Start(directory);
        using var host = Host(profile, logs);

        await host.StartAsync();
        await host.Services.GetServices<IHostedService>().OfType<StartupJitProfileService>().Single().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal(1, saves);
        Assert.Equal(
            [
                $"Information {typeof(StartupJitProfileService).FullName}: Start-up: {profile.Status}",
                $"Information {typeof(StartupJitProfileService).FullName}: Start-up: the JIT profile of this start (start-up and warm-up) is written to {profile.FilePath} for the next start",
            ],
            logs.ShownLines.Where(l => l.Contains(nameof(StartupJitProfileService), StringComparison.Ordinal)));
    }

    private StartupJitProfile Start(string? configuredDirectory) =>
        StartupJitProfile.Start("app", configuredDirectory, jitCompiles: true, processorCount: 2, (d, f) => started.Add((d, f)), () => saves++);

    private static IHost Host(StartupJitProfile profile, CapturingLoggerProvider logs)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(logs);
        builder.Services.AddStartupJitProfile(profile);
        return builder.Build();
    }
}
