using System.Globalization;

namespace CancelAll.TestExchange;

/// <summary>The standalone test exchange's arguments, validated: every mistake gets a message that names the option and the fix.</summary>
internal sealed class ExchangeCommandLine
{
    public const string Usage = """
        Usage: CancelAll.TestExchange [options]

        A Bitget-compatible exchange on 127.0.0.1 for tests, the CLI's sandbox and benchmarks. It verifies signatures,
        timestamps and limits as Bitget does, speaks V2 (classic accounts) and V3 (Unified Trading Accounts), and
        holds orders, plan/strategy orders and positions in memory. Never expose it beyond loopback.

        Output: the first line on standard output is the base address (scripts read it); the keys to use and ready
        curl and CLI lines follow on standard error. SIGTERM or Ctrl-C stops it cleanly (exit code 0).

        Options:
          --port N              Port on 127.0.0.1; 0 (default) picks a free one.
          --mode uta|classic    Account mode: uta (default; what Bitget gives every new account) answers V3 and
                                40085 on V2; classic answers V2 and 40084 on V3.
          --account K:S:P[:demo]
                                An account with API key K, HMAC secret S and passphrase P; demo for a demo key.
                                Repeatable. Without it one account with generated keys is created.
          --demo                The generated account is a demo key (requests send paptrading: 1).
          --hedge               Accounts hold positions in hedge mode (one per side) instead of one-way mode.
          --orders N            Open orders per account on USDT-FUTURES (default 0).
          --seed                Also what the CLI's --sandbox holds: orders on each futures category, entry and
                                TP/SL plan orders (classic) or strategy orders (uta), and one long position.
          --refill N            A runaway bot: every cancel-all is followed by N new orders.
          --countdown-access    Grant the accounts countdown-cancel-all (on Bitget it must be requested).
          --rate-limit N        Requests per second per key on the V2 paths (default 10, 0 = off). The V3
                                paths keep Bitget's per-endpoint limits.
          --delay MS            Answer each signed request after MS milliseconds (to watch progress, try Ctrl-C).
          --stdin               Run under a parent process (the CLI's --sandbox): read the accounts from standard
                                input, one KEY:SECRET:PASSPHRASE[:demo] per line up to an empty line (so that no
                                secret is on the command line); ignore SIGINT and SIGTERM and stop when standard
                                input closes (so that it never outlives its parent); then print each account's
                                book on standard output: "book KEY: N open order(s), N plan/strategy order(s),
                                N position(s)".
          -h, --help            Show this help.
        """;

    public int Port { get; private set; }

    public AccountMode Mode { get; private set; } = AccountMode.Unified;

    public List<ExchangeAccount> Accounts { get; } = [];

    public bool Demo { get; private set; }

    public bool Hedge { get; private set; }

    public int Orders { get; private set; }

    public bool Seed { get; private set; }

    public int Refill { get; private set; }

    public bool CountdownAccess { get; private set; }

    public int RateLimit { get; private set; } = 10;

    public int DelayMilliseconds { get; private set; }

    public bool Stdin { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>; returns null and the message when they are wrong.</summary>
    public static ExchangeCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var parsed = new ExchangeCommandLine();
        var accounts = new List<(string Key, string Secret, string Passphrase, bool Demo)>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return null;
                }

                return args[++i];
            }

            error = name switch
            {
                "-h" or "--help" or "-?" => Set(() => parsed.Help = true),
                "--demo" => Set(() => parsed.Demo = true),
                "--hedge" => Set(() => parsed.Hedge = true),
                "--seed" => Set(() => parsed.Seed = true),
                "--countdown-access" => Set(() => parsed.CountdownAccess = true),
                "--stdin" => Set(() => parsed.Stdin = true),
                "--delay" => Number(name, Value(), 0, 60_000, "milliseconds from 0 to 60000", v => parsed.DelayMilliseconds = v),
                "--port" => Number(name, Value(), 0, 65535, "a port from 1 to 65535, or 0 for a free one", v => parsed.Port = v),
                "--orders" => Number(name, Value(), 0, 100_000, "a count from 0 to 100000", v => parsed.Orders = v),
                "--refill" => Number(name, Value(), 0, 10_000, "a count from 0 to 10000", v => parsed.Refill = v),
                "--rate-limit" => Number(name, Value(), 0, 100_000, "requests per second, 0 for no limit", v => parsed.RateLimit = v),
                "--mode" => parsed.ParseMode(Value()),
                "--account" => ParseAccount(Value(), accounts),
                _ => $"unknown option '{name}'.",
            };
            if (error is not null)
            {
                return null;
            }
        }

        if (parsed.Demo && accounts.Count > 0)
        {
            error = "--demo applies to the generated account only; mark an --account as a demo key with :demo at its end.";
            return null;
        }

        if (parsed.Stdin && accounts.Count > 0)
        {
            error = "--stdin reads the accounts from standard input: give them there, not with --account.";
            return null;
        }

        parsed.Accounts.AddRange(accounts.Select(a => new ExchangeAccount(a.Key, a.Secret, a.Passphrase, a.Demo, parsed.Mode)));
        error = null;
        return parsed;
    }

    /// <summary>Reads the accounts that <c>--stdin</c> gives, one per line up to an empty line; returns the message when a line is wrong.</summary>
    public async Task<string?> ReadAccountsAsync(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var accounts = new List<(string Key, string Secret, string Passphrase, bool Demo)>();
        while (await input.ReadLineAsync().ConfigureAwait(false) is { Length: > 0 } line)
        {
            if (ParseAccount(line, accounts) is { } error)
            {
                return "standard input: " + error.Replace("--account takes", "each line takes", StringComparison.Ordinal);
            }
        }

        if (accounts.Count == 0)
        {
            return "--stdin: standard input gave no account: write KEY:SECRET:PASSPHRASE[:demo] lines, then an empty line.";
        }

        Accounts.AddRange(accounts.Select(a => new ExchangeAccount(a.Key, a.Secret, a.Passphrase, a.Demo, Mode)));
        return null;
    }

    private static string? Set(Action set)
    {
        set();
        return null;
    }

    private string? ParseMode(string? value)
    {
        switch (value?.ToLowerInvariant())
        {
            case "uta" or "unified":
                Mode = AccountMode.Unified;
                return null;
            case "classic":
                Mode = AccountMode.Classic;
                return null;
            default:
                return $"--mode {(value is null ? "needs a value" : $"'{value}' is not a mode")}: give uta or classic.";
        }
    }

    private static string? Number(string name, string? value, int min, int max, string what, Action<int> set)
    {
        if (value is null)
        {
            return $"{name} needs a value: {what}.";
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            return $"{name} '{value}' is not valid: give {what}.";
        }

        set(number);
        return null;
    }

    private static string? ParseAccount(string? value, List<(string, string, string, bool)> accounts)
    {
        const string Shape = "--account takes KEY:SECRET:PASSPHRASE, or KEY:SECRET:PASSPHRASE:demo for a demo key";
        if (value is null)
        {
            return Shape + ".";
        }

        var parts = value.Split(':');
        if (parts.Length is < 3 or > 4 || parts[..3].Any(string.IsNullOrWhiteSpace) || (parts.Length == 4 && parts[3] != "demo"))
        {
            // The value holds a secret: the message names the shape, never the value.
            return Shape + $"; the value given has {parts.Length} part(s){(parts.Length == 4 && parts[3] != "demo" ? " and its fourth is not 'demo'" : string.Empty)}.";
        }

        accounts.Add((parts[0], parts[1], parts[2], parts.Length == 4));
        return null;
    }
}
