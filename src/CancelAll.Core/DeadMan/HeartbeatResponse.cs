namespace CancelAll.Core.DeadMan;

/// <summary>An answer and its HTTP status.</summary>
public sealed record HeartbeatResponse(int StatusCode, HeartbeatAnswer Answer)
{
    public const string ContentType = "application/json; charset=utf-8";

    public string Body => Answer.ToJson();
}
