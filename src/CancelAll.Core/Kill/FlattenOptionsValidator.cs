using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill;

internal sealed class FlattenOptionsValidator : IValidateOptions<FlattenOptions>
{
    public ValidateOptionsResult Validate(string? name, FlattenOptions options)
    {
        var failures = new List<string>();
        if (options.VerifyDeadline < TimeSpan.Zero || options.VerifyDeadline > TimeSpan.FromMinutes(10))
        {
            failures.Add($"CancelAll:Flatten:VerifyDeadline is {options.VerifyDeadline}; use 0 to 10 minutes.");
        }

        if (options.VerifyInterval <= TimeSpan.Zero || options.VerifyInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"CancelAll:Flatten:VerifyInterval is {options.VerifyInterval}; use more than 0 and at most 1 minute.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
