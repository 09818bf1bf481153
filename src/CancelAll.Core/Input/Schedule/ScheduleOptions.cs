namespace CancelAll.Core.Input.Schedule;

/// <summary>Settings of scheduled flattening. Section <c>CancelAll:Schedule</c>.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "CancelAll:Schedule";

    /// <summary>A JSON array of jobs; see README.</summary>
    public string Jobs { get; set; } = "[]";

    /// <summary>How late a run may be (restart, deployment) and still flatten a session end.</summary>
    public TimeSpan GraceWindow { get; set; } = TimeSpan.FromMinutes(15);
}
