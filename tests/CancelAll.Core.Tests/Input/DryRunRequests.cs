using System.Text.Json;
using CsCheck;

namespace CancelAll.Core.Tests.Input;

/// <summary>A generated webhook request that asks for a dry run; <see cref="Form"/> says where it asks.</summary>
public sealed record DryRunRequest(string Form, string Body, IReadOnlyDictionary<string, string> Query)
{
    public override string ToString() => $"{Form}: body {JsonSerializer.Serialize(Body)} query {string.Join('&', Query.Select(q => q.Key + "=" + q.Value))}";
}

/// <summary>
/// Generators of webhook requests that carry <c>dryRun: true</c> in some accepted form: a JSON field (any spelling of the
/// name, any accepted value, with BOM and whitespace around, among valid, invalid and alert-like fields), an
/// Alertmanager or Grafana label or top-level field, the query (whatever the body is), or TradingView plain text that
/// mentions a dry run. Other sources may say <c>dryRun: false</c> at the same time.
/// </summary>
public static class DryRunRequests
{
    private static readonly Gen<string> TrueText = Gen.OneOfConst("true", "True", "TRUE", " true ", "1", "yes", "YES", " Yes");
    private static readonly Gen<string> FalseText = Gen.OneOfConst("false", "False", "0", "no");
    private static readonly Gen<string> JsonTrue = Gen.OneOf(Gen.Const("true"), TrueText.Select(Quote));
    private static readonly Gen<string> JsonFalse = Gen.OneOf(Gen.OneOfConst("false", "null"), FalseText.Select(Quote));
    private static readonly Gen<string> DryName = Gen.OneOfConst("dryRun", "dry_run", "DryRun", "dryrun", "DRY_RUN", "dry-run", "Dry Run");
    private static readonly Gen<string> Junk = Gen.Char["{}[]\":,. abcdefrunyRstlT_-01\n\t\uFEFF"].Array[0, 30].Select(c => new string(c));
    private static readonly Gen<string> Padding = Gen.OneOfConst("", " ", "\n", "\r\n  ", "\t", "\uFEFF", "\uFEFF\n", "\uFEFF \t");

    // Valid command fields, and fields that read as unknown (alert-like or extra): the request stays acceptable.
    private static readonly Gen<string> ValidField = Gen.OneOf(
        Gen.OneOfConst("main", "hedge-sub1").Select(a => Pair("account", Quote(a))),
        Gen.OneOfConst("[\"USDT-FUTURES\"]", "\"COIN-FUTURES:BTC\"", "\"all\"", "\"USDC-FUTURES,COIN-FUTURES:ETH\"").Select(p => Pair("productTypes", p)),
        Gen.OneOfConst("\"USDT-FUTURES\"", "\"SUSDT-FUTURES\"").Select(p => Pair("productType", p)),
        Gen.OneOfConst("\"USDT\"", "\"btc\"").Select(p => Pair("marginCoin", p)),
        Gen.OneOfConst("\"orders\"", "\"flatten\"", "\"entries\"").Select(p => Pair("scope", p)),
        Gen.OneOfConst("true", "false").Select(p => Pair("verify", p)),
        Gen.OneOfConst("true", "false").Select(p => Pair("demo", p)),
        Gen.OneOfConst("1", "\"1\"").Select(p => Pair("version", p)),
        Junk.Select(j => Pair("reason", JsonSerializer.Serialize(j))),
        Gen.OneOfConst("[]", "[{\"labels\":{}}]", "{}").Select(p => Pair("alerts", p)),
        Gen.OneOfConst("\"firing\"", "\"resolved\"").Select(p => Pair("status", p)),
        Gen.Const(Pair("receiver", "\"kill-switch\"")),
        Gen.Const(Pair("groupKey", "\"{}:{}\"")),
        Gen.Const(Pair("orgId", "1")),
        Gen.OneOfConst("\"ok\"", "\"alerting\"").Select(p => Pair("state", p)),
        Gen.Const(Pair("extra", "{\"a\":[1,{\"dryRun\":false}]}")));

    // Fields that make the request invalid (refused with 400), including a second dryRun that says false.
    private static readonly Gen<string> InvalidField = Gen.OneOf(
        Gen.OneOfConst("Main Account", "", "x_y").Select(a => Pair("account", Quote(a))),
        Gen.OneOfConst("[\"SPOT\"]", "[]", "3", "\"COIN-FUTURES\"").Select(p => Pair("productTypes", p)),
        Gen.OneOfConst("\"\"", "\"TOO-LONG-COIN-NAME\"").Select(p => Pair("marginCoin", p)),
        Gen.Const(Pair("scope", "\"everything\"")),
        Gen.Const(Pair("verify", "\"maybe\"")),
        Gen.Const(Pair("demo", "\"maybe\"")),
        Gen.OneOfConst("2", "\"4\"").Select(p => Pair("version", p)),
        Gen.Select(DryName, JsonFalse, Pair));

    private static readonly Gen<string> OtherField = Gen.Frequency((6, ValidField), (1, InvalidField));

    private static readonly Gen<string> LabelField = Gen.OneOf(
        Gen.OneOfConst("main", "hedge-sub1", "Bad Name").Select(a => Pair("account", Quote(a))),
        Gen.OneOfConst("USDT-FUTURES", "COIN-FUTURES", "COIN-FUTURES:BTC", "SPOT", "all").Select(p => Pair("product_type", Quote(p))),
        Gen.OneOfConst("BTC", "ETH").Select(p => Pair("margin_coin", Quote(p))),
        Gen.OneOfConst("orders", "flatten").Select(p => Pair("scope", Quote(p))),
        Gen.OneOfConst("critical", "warning").Select(p => Pair("severity", Quote(p))));

    private static readonly Gen<Dictionary<string, string>> QueryExtras = Gen.OneOf(
        Gen.Const(new Dictionary<string, string>()),
        Gen.OneOfConst("USDT-FUTURES", "all", "SPOT").Select(p => new Dictionary<string, string> { ["productType"] = p }),
        Gen.OneOfConst("main", "BAD").Select(a => new Dictionary<string, string> { ["account"] = a }),
        Gen.Select(DryName, FalseText, (n, v) => new Dictionary<string, string> { [n] = v }));

    /// <summary>dryRun as a field of the plain JSON command, among other fields in any order.</summary>
    public static readonly Gen<DryRunRequest> JsonField =
        Gen.Select(DryName, JsonTrue, OtherField.Array[0, 6], Padding, Padding, QueryExtras)
            .SelectMany(t => Gen.Shuffle(t.Item3.Append(Pair(t.Item1, t.Item2)).ToArray())
                .Select(fields => new DryRunRequest("json field", t.Item4 + "{" + string.Join(",", fields) + "}" + t.Item5, t.Item6)));

    /// <summary>dryRun as a label common to a notification's alerts, a label of one of its alerts only, or a top-level field of it.</summary>
    public static readonly Gen<DryRunRequest> AlertLabel =
        Gen.Select(Gen.Bool, Gen.OneOfConst("alert label", "one alert's label", "alert top-level field"), DryName, TrueText, LabelField.Array[0, 3], LabelField.Array[0, 2].Array[1, 3], Padding, QueryExtras)
            .Select(t =>
            {
                var (grafana, form, name, value, common, own, padding, query) = t;
                var dry = Pair(name, Quote(value));
                var commonLabels = form == "alert label" ? [.. common, dry] : common;
                var alerts = own.Select((extra, i) => "{\"status\":\"firing\",\"labels\":{"
                    + string.Join(",", commonLabels.Concat(extra).Concat(form == "one alert's label" && i == 0 ? [dry] : []).DistinctBy(Key).Prepend(Pair("alertname", "\"Drawdown\""))) + "}}");
                var body = "{\"version\":" + (grafana ? "\"1\"" : "\"4\"") + ",\"groupKey\":\"{}:{alertname=\\\"Drawdown\\\"}\",\"status\":\"firing\",\"receiver\":\"kill-switch\","
                    + (grafana ? "\"orgId\":1,\"state\":\"alerting\",\"title\":\"[FIRING] Drawdown\"," : string.Empty)
                    + (form == "alert top-level field" ? dry + "," : string.Empty)
                    + "\"commonLabels\":{" + string.Join(",", commonLabels.DistinctBy(Key).Prepend(Pair("alertname", "\"Drawdown\""))) + "},"
                    + "\"alerts\":[" + string.Join(",", alerts) + "]}";
                return new DryRunRequest(form, padding + body, query);
            });

    /// <summary>dryRun in the query, whatever the body is: random characters, a command that says false, an alert, text.</summary>
    public static readonly Gen<DryRunRequest> QueryParameter =
        Gen.Select(DryName, TrueText, Gen.OneOf(Junk, JsonField.Select(r => r.Body.Replace("true", "false", StringComparison.Ordinal)), AlertLabel.Select(r => r.Body), Gen.OneOfConst("BTC crash: flatten now", "")))
            .Select(t => new DryRunRequest("query", t.Item3, new Dictionary<string, string> { [t.Item1] = t.Item2 }));

    /// <summary>TradingView plain text that asks for a dry run in words: it can only be refused.</summary>
    public static readonly Gen<DryRunRequest> PlainText =
        Gen.Select(Gen.OneOfConst("dry run", "DRY-RUN", "dryRun: true", "dry_run=1", "Dry Run please"), Junk.Where(j => !j.TrimStart().StartsWith('{') && !j.TrimStart().StartsWith('[')))
            .Select(t => new DryRunRequest("plain text", "BTC alert " + t.Item1 + " " + t.Item2.Replace("{", "(", StringComparison.Ordinal), new Dictionary<string, string>()));

    /// <summary>Every form, mixed.</summary>
    public static readonly Gen<DryRunRequest> Any = Gen.Frequency((4, JsonField), (3, AlertLabel), (3, QueryParameter), (1, PlainText));

    private static string Pair(string name, string value) => Quote(name) + ":" + value;

    private static string Key(string pair) => pair[..pair.IndexOf(':', StringComparison.Ordinal)];

    private static string Quote(string value) => "\"" + value + "\"";
}
