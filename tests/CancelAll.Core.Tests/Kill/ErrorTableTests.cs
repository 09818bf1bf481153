using System.Text.RegularExpressions;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Tests.Kill;

public partial class ErrorTableTests
{
    [Fact]
    public void Readme_error_table_matches_the_error_kinds_row_for_row()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var rows = RowPattern().Matches(readme).ToDictionary(m => m.Groups["kind"].Value, m => m);

        Assert.Equal(Enum.GetNames<OutcomeErrorKind>().Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        foreach (var kind in Enum.GetValues<OutcomeErrorKind>())
        {
            var handling = OutcomeErrorKinds.Handling(kind);
            var row = rows[kind.ToString()].Groups;
            Assert.Equal(
                (handling.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), handling.Queue.ToString().ToLowerInvariant(), handling.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), handling.Hint),
                (row["http"].Value, row["queue"].Value, row["exit"].Value, row["hint"].Value));
        }
    }

    [Fact]
    public void Each_kind_has_a_hint_and_transient_kinds_are_redelivered()
    {
        OutcomeErrorKind[] transient = [OutcomeErrorKind.VaultThrottled, OutcomeErrorKind.VaultUnavailable, OutcomeErrorKind.Timeout, OutcomeErrorKind.Timestamp, OutcomeErrorKind.RateLimited, OutcomeErrorKind.ExchangeUnavailable, OutcomeErrorKind.MalformedResponse];
        foreach (var kind in Enum.GetValues<OutcomeErrorKind>())
        {
            var handling = OutcomeErrorKinds.Handling(kind);
            Assert.False(string.IsNullOrWhiteSpace(handling.Hint));
            Assert.Equal(transient.Contains(kind) ? QueueAction.Redeliver : QueueAction.Complete, handling.Queue);
        }
    }

    [Fact]
    public void Every_exchange_and_vault_error_kind_maps_to_an_outcome_error_kind_with_the_tables_transience()
    {
        foreach (var kind in Enum.GetValues<Core.Exchange.ExchangeErrorKind>())
        {
            var error = OutcomeErrors.From(new Core.Exchange.ExchangeException(kind, null, "x"));
            Assert.Equal(kind.ToString(), error.Kind.ToString());

            // The webhook (503) and the queue (redeliver) decide by the error's Transient flag: it must say what the table says.
            Assert.Equal(error.Handling.Queue == QueueAction.Redeliver, error.Transient);
        }

        foreach (var kind in Enum.GetValues<Core.Credentials.CredentialsErrorKind>())
        {
            var error = OutcomeErrors.From(new Core.Credentials.CredentialsException(kind, "main", null, "x"));
            Assert.Equal(kind.ToString(), error.Kind.ToString());
            Assert.Equal(error.Handling.Queue == QueueAction.Redeliver, error.Transient);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test directory.");
    }

    [GeneratedRegex(@"^\| `(?<kind>\w+)` \| (?<http>\d+) \| (?<queue>\w+) \| (?<exit>\d) \| (?<hint>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}
