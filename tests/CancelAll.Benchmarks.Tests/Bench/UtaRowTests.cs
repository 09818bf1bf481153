using CancelAll.Benchmarks;
using CancelAll.Core.Exchange;
using CancelAll.TestExchange;

namespace CancelAll.Benchmarks.Tests;

/// <summary>
/// Row 6 for V3 with one second per endpoint, against an in-process test exchange in UTA mode with Bitget's per-UID,
/// per-endpoint limits: every V3 limit is measured and the exchange's own counter refused none of the calls. Rates are
/// the benchmark's to report, not asserted here. (That the exchange refuses the call over each V3 limit is
/// tests/CancelAll.Core.Tests/TestExchange/UnifiedSigningTests.)
/// </summary>
public sealed class UtaRowTests
{
    [Fact]
    public async Task The_v3_limiter_row_runs_and_the_exchange_refuses_none_of_its_calls()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase, false, TestExchange.AccountMode.Unified));

        var rows = await UtaRow.MeasureLimiterAsync(exchange.BaseUri, seconds: 1);

        Assert.Equal([BitgetEndpoints.V3CancelSymbolOrder, BitgetEndpoints.V3ClosePositions, BitgetEndpoints.V3CancelStrategyOrder, BitgetEndpoints.V3UnfilledOrders], rows.Select(r => r.Path));
        Assert.Equal([5, 5, 10, 20], rows.Select(r => r.Allowed));
        Assert.All(rows, r => Assert.Equal(0, r.TooManyRequests));
        Assert.All(rows, r => Assert.Equal(r.Allowed + 1, r.Calls));
        Assert.Contains("| 6A V3 |", UtaRow.LimiterTable(rows), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kill_and_flatten_rows_leave_the_unified_account_flat_after_every_run()
    {
        await using var exchange = await TestExchange.TestExchange.StartAsync();
        exchange.AddAccount(new ExchangeAccount(BenchAccount.ApiKey, BenchAccount.Secret, BenchAccount.Passphrase, false, TestExchange.AccountMode.Unified));

        var operations = await UtaRow.MeasureAsync(exchange.BaseUri, runs: 1, peersDir: null, idle: TimeSpan.FromMilliseconds(50));

        Assert.Equal([("kill", false), ("kill", true), ("flatten", false), ("flatten", true)], operations.Select(o => (o.Name, o.AfterIdle)));
        var ours = operations.Select(o => Assert.Single(o.Contestants)).ToList();
        Assert.All(ours, c => Assert.True(c.AllDone, c.Client + " left the account with something open"));
        Assert.All(ours, c => Assert.Single(c.RunsMs));
        Assert.All(ours, c => Assert.True(Assert.Single(c.ServerMs) > 0, "the exchange's own time of the timed calls was not read"));
        var book = exchange.Book(BenchAccount.ApiKey);
        Assert.Empty(book.OpenOrders);
        Assert.Empty(book.OpenStrategyOrders);
        Assert.Empty(book.OpenPositions);
        Assert.Contains("| UTA | single kill: cancel-symbol-order, 5 open orders, right after a read (1 runs) |", UtaRow.Table(operations), StringComparison.Ordinal);
        Assert.Contains("| UTA | flatten: 3 orders, a trigger and 2 TP/SL strategy orders, 2 positions, after an idle second (1 runs) |", UtaRow.Table(operations), StringComparison.Ordinal);
        Assert.Contains("| UTA | kill, after an idle second | ", UtaRow.Table(operations), StringComparison.Ordinal);
    }
}
