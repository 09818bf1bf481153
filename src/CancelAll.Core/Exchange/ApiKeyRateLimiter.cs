using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Keeps each API key at or under Bitget's limit for each endpoint, across every caller in this process: a request
/// takes one paced permit in each of its <see cref="RateLimitGroup"/>s (<see cref="PacedSchedule"/>). Each key has its
/// own schedule: one account's backlog never delays another account's kill. BENCHMARKS.md shows why this is not
/// System.Threading.RateLimiting's partitioned token bucket or sliding window.
/// </summary>
internal sealed class ApiKeyRateLimiter
{
    private readonly Func<string, IReadOnlyList<RateLimitGroup>> groupsFor;
    private readonly Func<PacedSchedule> newSchedule;
    private readonly int queueLimit;
    private readonly ConcurrentDictionary<string, PacedSchedule> schedules = new(StringComparer.Ordinal);

    public ApiKeyRateLimiter(IOptions<ExchangeOptions> options, TimeProvider time)
        : this(
            path => RateLimitGroup.For(path, options.Value.RequestsPerSecond),
            options.Value.RateLimitQueue,
            options.Value.ArrivalAllowance,
            options.Value.TotalTimeout,
            time)
    {
    }

    /// <param name="groupsFor">The groups a request on a path counts against.</param>
    /// <param name="queueLimit">How many requests may wait for one key and group.</param>
    /// <param name="arrivalAllowance">How much closer than planned two requests a limit apart may arrive (network and timer jitter).</param>
    /// <param name="maxWait">A request that would wait longer is refused at once: it would time out anyway.</param>
    /// <param name="time">The clock.</param>
    public ApiKeyRateLimiter(Func<string, IReadOnlyList<RateLimitGroup>> groupsFor, int queueLimit, TimeSpan arrivalAllowance, TimeSpan maxWait, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(groupsFor);
        ArgumentNullException.ThrowIfNull(time);
        this.groupsFor = groupsFor;
        this.queueLimit = queueLimit;
        newSchedule = () => new PacedSchedule(time, arrivalAllowance, queueLimit, maxWait);
    }

    /// <summary>
    /// Waits until a request for <paramref name="apiKey"/> on <paramref name="path"/> may be sent. Dispose the permit
    /// as soon as the request's answer (or failure) is in: the limiter learns from it when the exchange counted the request.
    /// </summary>
    /// <exception cref="ExchangeException">RateLimited, at once, when the queue of a group is full or the wait would outlast the call.</exception>
    public async ValueTask<RateLimitPermit> AcquireAsync(string apiKey, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var schedule = schedules.GetOrAdd(apiKey, static (_, create) => create(), newSchedule);
        var (permit, refusal) = await schedule.WaitAsync(groupsFor(path), cancellationToken).ConfigureAwait(false);
        return permit is not null ? new RateLimitPermit(permit, Stopwatch.GetElapsedTime(started)) : throw Refused(path, refusal!);
    }

    private ExchangeException Refused(string path, PacedSchedule.Refusal refusal)
    {
        var group = refusal.Group;
        var limit = group.Name == path ? $"Bitget allows {group.PerSecond} request(s)/s on it per account" : $"this key's {group.Name} limit is {group.PerSecond} request(s)/s";
        return new ExchangeException(ExchangeErrorKind.RateLimited, null, string.Create(CultureInfo.InvariantCulture,
            $"Not sent: this API key's rate-limit queue for {path} is full ({refusal.Reason}; {limit}, and at most {queueLimit} may wait). The next free slot is {refusal.NextSlotIn.TotalSeconds:0.#} s away. Send fewer targets per command for this account, or retry after that; other accounts are not affected."));
    }
}
