using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// Lists the open positions and closes each at market: per symbol in one-way mode, per symbol and side in hedge mode.
/// The closes are independent, so they go at once, at most the endpoint's per-second limit of them in flight (V2: one
/// after another); each is recorded in the listing's order, and one failing does not lose the others' results.
/// </summary>
public sealed class ClosePositionsStep(ILogger<ClosePositionsStep> logger) : KillStep(logger)
{
    public override string Name => StepNames.ClosePositions;

    private protected override Task ExecuteAsync(TargetRun run, CancellationToken cancellationToken) =>
        TryAsync(run, null, async () =>
        {
            var listed = await run.Api.ListPositionsAsync(run.Credentials, run.Target, cancellationToken).ConfigureAwait(false);
            var closes = Closes(listed.Items).ToList();
            var api = run.Api;
            var sent = await AtOnce.SendAsync(closes, api.ClosePositionsPath, c => api.ClosePositionsAsync(run.Credentials, run.Target, c.Symbol, c.HoldSide, cancellationToken)).ConfigureAwait(false);

            var stats = new List<ExchangeCallStats> { listed.Stats };
            var done = 0;
            var failedItems = new List<string>();
            ExchangeException? stopped = null;
            for (var i = 0; i < closes.Count; i++)
            {
                var (symbol, holdSide, positions) = closes[i];
                try
                {
                    var result = await sent[i].ConfigureAwait(false);
                    stats.Add(result.Stats);
                    if (result.Failed.Count == 0)
                    {
                        done += positions.Count;
                        continue;
                    }

                    var why = string.Join("; ", result.Failed.Select(f => $"{f.ErrorCode} {f.ErrorMessage}".Trim()));
                    Remember(positions, $"close-positions failed ({why})");
                    failedItems.Add($"{symbol} {holdSide ?? "one-way"}: {why}");
                }
                catch (ExchangeException e) when (!e.StopsTarget)
                {
                    stats.Add(e.Stats ?? ExchangeCallStats.None);
                    Remember(positions, $"close-positions failed ({e.Kind}: {e.Message})");
                    failedItems.Add($"{symbol} {holdSide ?? "one-way"}: {e.Kind} {e.Code}");
                }
                catch (ExchangeException e)
                {
                    // Stops the target once the closes beside it are recorded; the same failure again only adds its calls.
                    if (stopped is null)
                    {
                        stopped = e;
                    }
                    else
                    {
                        stats.Add(e.Stats ?? ExchangeCallStats.None);
                    }
                }
            }

            RecordCalls(run, null, stopped, done, failedItems, stats);

            void Remember(IReadOnlyList<PositionInfo> positions, string reason)
            {
                foreach (var position in positions)
                {
                    run.Reasons[TargetRun.ItemKey(ItemKinds.Position, TargetRun.PositionId(position))] = reason;
                }
            }
        }, cancellationToken);

    /// <summary>One close per symbol in one-way mode; one per symbol and side in hedge mode (both sides get closed).</summary>
    internal static IEnumerable<(string Symbol, string? HoldSide, IReadOnlyList<PositionInfo> Positions)> Closes(IEnumerable<PositionInfo> positions) =>
        positions
            .GroupBy(p => p.Symbol, StringComparer.Ordinal)
            .SelectMany(g => g.Any(p => p.HedgeMode)
                ? g.Select(p => (g.Key, (string?)p.HoldSide, (IReadOnlyList<PositionInfo>)[p]))
                : [(g.Key, (string?)null, (IReadOnlyList<PositionInfo>)g.ToList())]);
}
