using CancelAll.Core.Commands;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CancelAll.Core.Tests.Input;

public class ScheduleHandlerTests
{
    private const string NewYorkClose = """[{"name":"us-close","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"16:00","timeZone":"America/New_York","days":"Mon-Fri"}]""";

    private static async Task<(ExchangeHarness Harness, FakeTimeProvider Clock)> StartAsync(string jobs, DateTimeOffset start)
    {
        var clock = new FakeTimeProvider(start);
        var harness = await ExchangeHarness.StartAsync(
            settings: new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = jobs, ["CancelAll:Schedule:GraceWindow"] = "00:15:00" },
            configure: s => s.AddSingleton<TimeProvider>(clock));
        return (harness, clock);
    }

    /// <summary>Runs the timer every minute from the clock's time for the given span; returns the session keys flattened, in order.</summary>
    private static async Task<List<(string Key, DateTimeOffset At)>> RunEveryMinuteAsync(ExchangeHarness harness, FakeTimeProvider clock, TimeSpan span)
    {
        var handler = harness.Get<ScheduleHandler>();
        var flattened = new List<(string, DateTimeOffset)>();
        DateTimeOffset? previous = null;
        var end = clock.GetUtcNow() + span;
        while (clock.GetUtcNow() < end)
        {
            foreach (var outcome in await handler.RunAsync(previous, isPastDue: false, default))
            {
                flattened.Add((outcome.CorrelationId, clock.GetUtcNow()));
            }

            previous = clock.GetUtcNow();
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        return flattened;
    }

    [Fact]
    public async Task Spring_forward_week_flattens_each_weekday_once_at_local_1600()
    {
        // US clocks went forward on Sunday 2026-03-08: 16:00 New York is 21:00 UTC on Friday 03-06, 20:00 UTC from Monday 03-09.
        var (harness, clock) = await StartAsync(NewYorkClose, new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
        await using var _ = harness;

        var flattened = await RunEveryMinuteAsync(harness, clock, TimeSpan.FromDays(5));

        Assert.Equal(
            [
                ("flatten-us-close-main-20260305T2100Z", new DateTimeOffset(2026, 3, 5, 21, 0, 0, TimeSpan.Zero)),
                ("flatten-us-close-main-20260306T2100Z", new DateTimeOffset(2026, 3, 6, 21, 0, 0, TimeSpan.Zero)),
                ("flatten-us-close-main-20260309T2000Z", new DateTimeOffset(2026, 3, 9, 20, 0, 0, TimeSpan.Zero)),
            ],
            flattened);
    }

    [Fact]
    public async Task Fall_back_week_flattens_each_weekday_once_at_local_1600()
    {
        // US clocks went back on Sunday 2026-11-01: 20:00 UTC on Friday 10-30, 21:00 UTC from Monday 11-02.
        var (harness, clock) = await StartAsync(NewYorkClose, new DateTimeOffset(2026, 10, 30, 12, 0, 0, TimeSpan.Zero));
        await using var _ = harness;

        var flattened = await RunEveryMinuteAsync(harness, clock, TimeSpan.FromDays(4));

        Assert.Equal(["flatten-us-close-main-20261030T2000Z", "flatten-us-close-main-20261102T2100Z"], flattened.Select(f => f.Key));
    }

    [Fact]
    public async Task Session_ends_inside_the_clock_change_happen_exactly_once()
    {
        // 02:30 does not exist on 2026-03-08 in New York (moved to 03:30 EDT = 07:30Z); 01:30 happens twice on 2026-11-01 (first one: EDT = 05:30Z).
        const string jobs = """
            [{"name":"spring","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"02:30","timeZone":"America/New_York","days":"Sun"},
             {"name":"autumn","accounts":["main"],"productTypes":["USDT-FUTURES"],"sessionEnd":"01:30","timeZone":"America/New_York","days":"Sun"}]
            """;
        var (harness, clock) = await StartAsync(jobs, new DateTimeOffset(2026, 3, 8, 4, 0, 0, TimeSpan.Zero));
        await using var _ = harness;
        var spring = await RunEveryMinuteAsync(harness, clock, TimeSpan.FromHours(6));
        clock.AdjustTime(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero));
        var autumn = await RunEveryMinuteAsync(harness, clock, TimeSpan.FromHours(6));

        // Both jobs run every Sunday; what matters is one instant per session on the two change days.
        Assert.Equal(["flatten-autumn-main-20260308T0630Z", "flatten-spring-main-20260308T0730Z"], spring.Select(f => f.Key));
        Assert.Equal(["flatten-autumn-main-20261101T0530Z", "flatten-spring-main-20261101T0730Z"], autumn.Select(f => f.Key));
    }

    [Fact]
    public async Task Late_run_within_the_grace_window_flattens_and_later_runs_do_not()
    {
        var (harness, clock) = await StartAsync(NewYorkClose, new DateTimeOffset(2026, 11, 23, 21, 10, 0, TimeSpan.Zero)); // Monday 16:10 New York
        await using var _ = harness;
        var handler = harness.Get<ScheduleHandler>();
        var previous = new DateTimeOffset(2026, 11, 23, 20, 58, 0, TimeSpan.Zero);

        var late = await handler.RunAsync(previous, isPastDue: true, default);
        var duplicate = await handler.RunAsync(previous, isPastDue: true, default);

        Assert.Equal("flatten-us-close-main-20261123T2100Z", Assert.Single(late).CorrelationId);
        Assert.Equal(CommandSource.Timer.ToString().ToLowerInvariant(), late[0].Source);
        Assert.Empty(duplicate);
    }

    [Fact]
    public async Task A_run_outside_every_window_does_nothing()
    {
        var (harness, _) = await StartAsync(NewYorkClose, new DateTimeOffset(2026, 11, 23, 21, 20, 0, TimeSpan.Zero)); // 20 min late, grace 15
        await using var __ = harness;
        Assert.Empty(await harness.Get<ScheduleHandler>().RunAsync(previousRun: null, isPastDue: true, default));
        Assert.Empty(harness.Exchange.Received);
    }

    [Fact]
    public async Task A_dry_run_job_runs_on_schedule_and_sends_nothing()
    {
        var jobs = NewYorkClose.Replace("\"days\":\"Mon-Fri\"", "\"days\":\"Mon-Fri\",\"dryRun\":true", StringComparison.Ordinal);
        var (harness, _) = await StartAsync(jobs, new DateTimeOffset(2026, 11, 23, 21, 1, 0, TimeSpan.Zero)); // Monday 16:01 New York
        await using var __ = harness;
        harness.Exchange.AddOrders(harness.Credentials.ApiKey, "USDT-FUTURES", "USDT", 2);

        var outcome = Assert.Single(await harness.Get<ScheduleHandler>().RunAsync(previousRun: null, isPastDue: false, default));

        Assert.True(outcome.DryRun);
        Assert.Equal("flatten-us-close-main-20261123T2100Z", outcome.CorrelationId);
        Assert.DoesNotContain(harness.Exchange.Received, r => r.Method == "POST");
        Assert.Equal(2, harness.Exchange.Book(harness.Credentials.ApiKey).OpenOrders.Count);
    }

    [Theory]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"Mars/Olympus"}]""", "job 'x', field timeZone")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"4pm","timeZone":"UTC"}]""", "job 'x', field sessionEnd")]
    [InlineData("""[{"name":"x","accounts":[],"sessionEnd":"16:00","timeZone":"UTC"}]""", "job 'x', field accounts")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC","days":"Funday"}]""", "job 'x', field days")]
    [InlineData("""[{"name":"x","accounts":["main"],"productTypes":["SPOT"],"sessionEnd":"16:00","timeZone":"UTC"}]""", "job 'x', field productType")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC"},{"name":"x","accounts":["main"],"sessionEnd":"17:00","timeZone":"UTC"}]""", "'x' is used twice")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC","dryRun":"yes"}]""", "job 'x', field dryRun")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC","holdMinutes":241}]""", "job 'x', field holdMinutes: 241 is not a hold length: give a whole number of minutes from 1 to 240 (the cap)")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC","holdMinutes":0}]""", "job 'x', field holdMinutes: 0 is not a hold length")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC","holdMinutes":"30"}]""", "job 'x', field holdMinutes: \"30\" is not a hold length")]
    [InlineData("""[{"name":"x","accounts":["main"],"sessionEnd":"16:00","timeZone":"UTC","holdMinutes":30,"dryRun":true}]""", "job 'x', field holdMinutes: a dry-run job cannot hold")]
    public async Task Invalid_jobs_stop_start_up_naming_the_job_and_field(string jobs, string expected)
    {
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = jobs });
        var e = Assert.Throws<OptionsValidationException>(() => harness.Get<IOptions<ScheduleOptions>>().Value);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_with_holdMinutes_stops_start_up_while_holds_are_off_naming_the_setting_and_its_environment_variable()
    {
        var jobs = NewYorkClose.Replace("\"days\":\"Mon-Fri\"", "\"days\":\"Mon-Fri\",\"holdMinutes\":30", StringComparison.Ordinal);
        await using var harness = await ExchangeHarness.StartAsync(settings: new Dictionary<string, string?> { ["CancelAll:Schedule:Jobs"] = jobs });

        var problems = StartupSettings.Problems(harness.Services);

        Assert.Equal(
            "CancelAll:Schedule:Jobs (environment: CancelAll__Schedule__Jobs): job 'us-close', field holdMinutes: holds are switched off. Set CancelAll:Hold:Queue (environment: CancelAll__Hold__Queue) to the app's request queue, or leave out holdMinutes.",
            problems);
    }
}
