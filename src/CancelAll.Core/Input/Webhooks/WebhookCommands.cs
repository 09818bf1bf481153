using CancelAll.Core.Commands;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// The one decision from a read webhook request to the commands it runs: configured defaults, then the query, then the
/// body, then each firing alert's labels, layered field by field. A dry run asked for anywhere makes every command a
/// dry run. Alerts are merged into one command per account (and scope), each target at most once; when any of a
/// command's alerts asks for a hold, the command holds all its targets for the longest length asked (README, Hold flat).
/// The handler calls exactly this; the dry-run property test calls it too.
/// </summary>
internal static class WebhookCommands
{
    private static readonly FieldNames QueryFields = new("account", "productTypes", "productType", "marginCoin", "demo", "scope", "verify", "dryRun", "reason", "holdMinutes");

    /// <summary>The commands a request asks for; none for a resolved alert. Throws <see cref="CommandValidationException"/> naming the field.</summary>
    public static IReadOnlyList<CancelCommand> Build(WebhookPayload payload, WebhookRequest request, WebhookOptions options, IReadOnlyList<string> coinFuturesMarginCoins, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var under = payload.Body.Over(FromQuery(request).Over(Defaults(options)));
        if (payload.Resolved)
        {
            return [];
        }

        var layers = payload.Alerts.Count == 0 ? [under] : payload.Alerts.Select(a => a.Over(under)).ToList();
        var dryRun = layers.Any(l => l.DryRun == true);
        var commands = layers.Select(l => (l with { DryRun = dryRun }).ToCommand(CommandSource.Http, correlationId, coinFuturesMarginCoins)).ToList();
        var merged = commands
            .GroupBy(c => (c.Account, c.Scope, c.Verify))
            .Select(g => g.First() with
            {
                Targets = TargetParser.WithinCap(g.SelectMany(c => c.Targets).Distinct().ToList()),
                HoldMinutes = g.Max(c => c.HoldMinutes),
            })
            .ToList();
        return merged.Count == 1
            ? merged
            : merged.Select((c, i) => c with { CorrelationId = $"{c.CorrelationId}:{i + 1}-{c.Account}" }).ToList();
    }

    /// <summary>The account and product types from <c>CancelAll:Webhook</c>, the lowest layer.</summary>
    public static CommandFields Defaults(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CommandFields
        {
            Account = options.DefaultAccount,
            ProductTypes = options.DefaultProductTypes.Select(p => p.Trim()).Where(p => p.Length > 0).ToArray(),
        };
    }

    /// <summary>The query's command fields, found whatever their case, dashes or underscores; two spellings of one field are refused.</summary>
    public static CommandFields FromQuery(WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            if (QueryFields.Canonical(key) is not { } name || value.Length == 0)
            {
                continue;
            }

            if (!values.TryAdd(name, value))
            {
                throw new CommandValidationException(name, $"{name} is given twice in the query: keep one.");
            }
        }

        return new CommandFields
        {
            Account = values.GetValueOrDefault("account"),
            ProductTypes = (values.GetValueOrDefault("productTypes") ?? values.GetValueOrDefault("productType")) is { } types ? [types] : null,
            MarginCoin = values.GetValueOrDefault("marginCoin"),
            Demo = CommandJson.Bool(values.GetValueOrDefault("demo"), "demo"),
            Scope = CommandJson.Scope(values.GetValueOrDefault("scope"), "scope"),
            Verify = CommandJson.Bool(values.GetValueOrDefault("verify"), "verify"),
            DryRun = CommandJson.Bool(values.GetValueOrDefault("dryRun"), "dryRun"),
            Reason = values.GetValueOrDefault("reason"),
            HoldMinutes = CommandJson.HoldMinutes(values.GetValueOrDefault("holdMinutes")),
        };
    }
}
