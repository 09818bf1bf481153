using CancelAll.Core.Commands;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Schedule;

internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        if (options.GraceWindow <= TimeSpan.Zero || options.GraceWindow > TimeSpan.FromHours(12))
        {
            return ValidateOptionsResult.Fail("CancelAll:Schedule:GraceWindow must be more than 0 and at most 12 hours.");
        }

        try
        {
            FlattenJob.ParseAll(options.Jobs);
            return ValidateOptionsResult.Success;
        }
        catch (CommandValidationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
