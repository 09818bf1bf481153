using System.Net;
using CancelAll.Core.Kill;
using CancelAll.Core.Startup;
using CancelAll.Core.Tests.Support;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CancelAll.Functions.Tests;

/// <summary>
/// The app's host with its start-up JIT profile registered as Program.cs registers it (after the app's services): a
/// profile that cannot be kept or read never stops the start or a kill, and the host says once why there is none. The
/// runtime's own calls are recorded, not made (one profile root per process; the process tests make them).
/// </summary>
public sealed class StartupJitProfileHostTests : IDisposable
{
    private readonly TemporaryDirectory temp = new("cancel-all-jit-host-test-");

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Cases => ["unwritable", "garbage"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_profile_that_cannot_be_used_leaves_the_start_and_the_kill_working_and_is_said_once(string problem)
    {
        var profileDirectory = "/proc"; // takes no new files, for root too
        if (problem == "garbage")
        {
            await temp.WriteAsync("cancel-all-app" + StartupJitProfile.Extension, "garbage");
            profileDirectory = temp.Path;
        }

        var saves = 0;
        var profile = StartupJitProfile.Start("cancel-all-app", profileDirectory, jitCompiles: true, processorCount: 2, (_, _) => { }, () => saves++);
        var logs = new CapturingLoggerProvider();
        // Where the Functions host would listen: the worker's hosted services are built, as at start; nothing connects there.
        var hostEndpoint = new Dictionary<string, string?> { ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9/" };
        await using var app = await LiveApp.StartAsync(hostEndpoint, logs: logs, configure: s => s.AddStartupJitProfile(profile));

        // The hosted services in the host's order: the warm-up, then the profile's (the worker's own need the Functions host).
        var hosted = app.Host.Services.GetServices<IHostedService>().ToList();
        var warmUp = hosted.OfType<WarmUp>().Single();
        var profileService = hosted.OfType<StartupJitProfileService>().Single();
        Assert.True(hosted.IndexOf(warmUp) < hosted.IndexOf(profileService), "the profile's service must start after the warm-up");
        await warmUp.StartAsync(CancellationToken.None);
        await profileService.StartAsync(CancellationToken.None);
        await profileService.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 2);
        var request = TestHttp.Request("POST", "https://func.example/api/cancel-all", """{"productType":"USDT-FUTURES"}""", new Dictionary<string, string> { ["X-Webhook-Secret"] = LiveApp.Secret });
        var response = (TestResponse)await app.Function<CancelAllHttp>().RunAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(app.Exchange.Book(app.Account.ApiKey).OpenOrders);
        var said = logs.ShownLines.Where(l => l.Contains("profile", StringComparison.OrdinalIgnoreCase)).ToList();
        var category = typeof(StartupJitProfileService).FullName;
        if (problem == "garbage")
        {
            Assert.Equal(
                [
                    $"Information {category}: Start-up: the file {profile.FilePath} is not a profile this runtime reads (ignored): recording a new one for the next start",
                    $"Information {category}: Start-up: the JIT profile of this start (start-up and warm-up) is written to {profile.FilePath} for the next start",
                ],
                said);
            Assert.Equal(1, saves);
        }
        else
        {
            Assert.Equal([$"Warning {category}: Start-up: no start-up JIT profile: the directory /proc cannot be written to (CancelAll:Startup:JitProfileDirectory: use a writable directory)"], said);
            Assert.Equal(0, saves);
        }
    }
}
