using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Keeps the app's connection to the exchange open between alerts (<see cref="ExchangeConnection"/>), so that the
/// first kill after a quiet spell costs one round trip and not a new DNS, TCP and TLS set-up first. Every
/// <see cref="ExchangeOptions.KeepWarmInterval"/> it reads the public exchange clock: no key, no signature, nothing
/// that changes the account, and the clock offset stays fresh. A failed read is logged once when the reads start
/// failing and once when they work again, never per read; it never stops the app.
/// </summary>
public sealed partial class ExchangeConnectionKeeper(
    BitgetClient client,
    IOptions<ExchangeOptions> options,
    TimeProvider timeProvider,
    ILogger<ExchangeConnectionKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.KeepWarmInterval;
        if (interval == TimeSpan.Zero)
        {
            LogOff(logger);
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await client.KeepConnectionAsync(stoppingToken).ConfigureAwait(false);
                    if (failing)
                    {
                        failing = false;
                        LogWorksAgain(logger);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                    {
                        failing = true;
                        // The kind and type only: the first kill after a quiet spell may now pay a new connection.
                        LogFailing(logger, e is ExchangeException exchange ? exchange.Kind.ToString() : e.GetType().Name, interval.TotalSeconds);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host stops.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchange connection keep-warm is off (CancelAll:Exchange:KeepWarmInterval is 00:00:00): the first kill after a quiet minute opens a new connection")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exchange connection keep-warm: the exchange clock read failed ({Failure}); trying again every {IntervalSeconds} s. Until it works, the first kill after a quiet spell may open a new connection")]
    private static partial void LogFailing(ILogger logger, string failure, double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchange connection keep-warm works again")]
    private static partial void LogWorksAgain(ILogger logger);
}
