using CancelAll.Core.Kill;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Startup;

/// <summary>
/// The host's side of <see cref="StartupJitProfile"/>: says once in the log what the start does with its profile (or why
/// there is none), then waits for the warm-up and writes the profile, so that it holds the whole start and exists even
/// if the host is later killed rather than stopped. Register it after the warm-up (hosted services start in order).
/// </summary>
public sealed class StartupJitProfileService(StartupJitProfile profile, IServiceProvider services, ILogger<StartupJitProfileService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        profile.Log(logger);
        if (!profile.Recording)
        {
            return;
        }

        // The host has started the hosted services before this one, so the warm-up's task exists (it logs its own failures).
        if (services.GetServices<IHostedService>().OfType<WarmUp>().FirstOrDefault()?.ExecuteTask is { } warmUp)
        {
            try
            {
                await warmUp.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped before the warm-up ended: a profile of half a start is not worth writing.
                return;
            }
        }

        profile.Save();
        StartupJitProfileLog.Saved(logger, profile.FilePath!);
    }
}
