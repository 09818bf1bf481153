namespace CancelAll.TestExchange;

/// <summary>What the standalone exchange prints after its address: the keys to use, a signed curl line and a CLI line.</summary>
internal static class StartupBanner
{
    public static string Describe(Uri baseUri, IReadOnlyList<ExchangeAccount> accounts, bool generated)
    {
        var origin = baseUri.ToString().TrimEnd('/');
        var lines = new List<string>();
        lines.Add($"Bitget-compatible test exchange on {origin} (loopback only). Stop it with Ctrl-C or SIGTERM.");
        foreach (var account in accounts)
        {
            var mode = account.Mode == AccountMode.Unified ? "uta (V3; V2 answers 40085)" : "classic (V2; V3 answers 40084)";
            lines.Add($"account {account.ApiKey}: mode {mode}{(account.Demo ? ", demo key (send paptrading: 1)" : string.Empty)}");
        }

        var first = accounts[0];
        if (!generated || first.IsRsa)
        {
            lines.Add("Sign requests with the secret and passphrase given for each --account.");
            return string.Join(Environment.NewLine, lines);
        }

        // Generated keys exist only in this process and open nothing but this loopback exchange: printing them is the point.
        lines.Add("keys (generated for this run, valid only here):");
        lines.Add($"  BITGET_API_KEY={first.ApiKey}");
        lines.Add($"  BITGET_API_SECRET={first.Secret}");
        lines.Add($"  BITGET_API_PASSPHRASE={first.Passphrase}");
        var path = first.Mode == AccountMode.Unified ? "/api/v3/trade/unfilled-orders" : "/api/v2/mix/order/orders-pending?productType=USDT-FUTURES";
        var demoHeader = first.Demo ? " -H 'paptrading: 1'" : string.Empty;
        lines.Add("curl (signed, bash with GNU date and openssl):");
        lines.Add($"  ts=$(date +%s%3N); sign=$(printf '%s' \"${{ts}}GET{path}\" | openssl dgst -sha256 -hmac '{first.Secret}' -binary | base64); "
            + $"curl -s -H \"ACCESS-KEY: {first.ApiKey}\" -H \"ACCESS-SIGN: $sign\" -H \"ACCESS-TIMESTAMP: $ts\" -H 'ACCESS-PASSPHRASE: {first.Passphrase}'{demoHeader} '{origin}{path}'");
        lines.Add("CLI:");
        lines.Add($"  BITGET_API_KEY={first.ApiKey} BITGET_API_SECRET={first.Secret} BITGET_API_PASSPHRASE={first.Passphrase} "
            + $"dotnet run --project src/CancelAllCli -- --base-url {origin} -p USDT-FUTURES{(first.Demo ? " --demo" : string.Empty)}");
        return string.Join(Environment.NewLine, lines);
    }
}
