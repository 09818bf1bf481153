using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

internal sealed class ExchangeOptionsValidator : IValidateOptions<ExchangeOptions>
{
    public ValidateOptionsResult Validate(string? name, ExchangeOptions options)
    {
        var failures = new List<string>();
        if (options.BaseUrl is { IsAbsoluteUri: false } || options.BaseUrl?.Scheme is not ("https" or "http"))
        {
            failures.Add("CancelAll:Exchange:BaseUrl must be an absolute http(s) URL such as https://api.bitget.com.");
        }

        if (options.ReceiveWindow is { } window && (window <= TimeSpan.Zero || window >= TimeSpan.FromSeconds(60)))
        {
            failures.Add($"CancelAll:Exchange:ReceiveWindow is {window}; Bitget requires more than 0 and less than 60 seconds.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("CancelAll:Exchange:AttemptTimeout must be positive and CancelAll:Exchange:TotalTimeout at least as long.");
        }

        if (options.ArrivalAllowance < TimeSpan.Zero || options.ArrivalAllowance > TimeSpan.FromMilliseconds(500))
        {
            failures.Add($"CancelAll:Exchange:ArrivalAllowance is {options.ArrivalAllowance}; it must be between 0 and 0.5 seconds (default 00:00:00.010).");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add("CancelAll:Exchange:RetryBaseDelay must be between 0 and 10 seconds.");
        }

        if (options.KeepWarmInterval != TimeSpan.Zero && (options.KeepWarmInterval < ExchangeConnection.MinKeepWarmInterval || options.KeepWarmInterval > ExchangeConnection.MaxKeepWarmInterval))
        {
            failures.Add($"CancelAll:Exchange:KeepWarmInterval is {options.KeepWarmInterval}; use 00:00:00 (off) or between {ExchangeConnection.MinKeepWarmInterval} and {ExchangeConnection.MaxKeepWarmInterval} (the connection pool drops a connection idle for {ExchangeConnection.PooledIdleTimeout.TotalSeconds:0} s; default 00:00:20).");
        }

        foreach (var (account, value) in options.AccountModes)
        {
            if (!AccountModeSettings.IsValid(value))
            {
                failures.Add($"CancelAll:Exchange:AccountModes:{account} is '{value}'; use auto, classic or uta.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
