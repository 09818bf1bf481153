using CancelAll.Core.Commands;
using CancelAll.Core.Hold;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Schedule;

/// <param name="holdOptions">A job with holdMinutes needs holds switched on: better said at start-up than at the session end.</param>
internal sealed class ScheduleOptionsValidator(IOptions<HoldOptions> holdOptions) : IValidateOptions<ScheduleOptions>
{
    private const string JobsKey = ScheduleOptions.Section + ":Jobs";

    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        if (options.GraceWindow <= TimeSpan.Zero || options.GraceWindow > TimeSpan.FromHours(12))
        {
            return ValidateOptionsResult.Fail("CancelAll:Schedule:GraceWindow must be more than 0 and at most 12 hours.");
        }

        try
        {
            var holding = FlattenJob.ParseAll(options.Jobs).FirstOrDefault(j => j.HoldMinutes is not null);
            return holding is null || holdOptions.Value.Enabled
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Named(JobsKey)}: job '{holding.Name}', field holdMinutes: holds are switched off. Set {Named(HoldOptions.Section + ":Queue")} to the app's request queue, or leave out holdMinutes.");
        }
        catch (CommandValidationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }

    private static string Named(string key) => $"{key} (environment: {SettingsValidation.EnvironmentVariable(key)})";
}
