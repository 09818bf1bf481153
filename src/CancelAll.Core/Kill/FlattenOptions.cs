using Microsoft.Extensions.Options;

namespace CancelAll.Core.Kill;

/// <summary>How verify behaves. Bound from the configuration section <c>CancelAll:Flatten</c>.</summary>
public sealed class FlattenOptions
{
    public const string Section = "CancelAll:Flatten";

    /// <summary>How long verify keeps re-running the missing steps before it reports what is left.</summary>
    public TimeSpan VerifyDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause between two verify rounds.</summary>
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

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
