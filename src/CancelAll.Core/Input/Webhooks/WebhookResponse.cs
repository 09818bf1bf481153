namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// What the HTTP trigger answers. <see cref="Outcome"/> is the first (usually only) outcome; a notification whose alerts
/// name several accounts has one per account in <see cref="Outcomes"/>. <see cref="RetryAfter"/>, when set, goes into a
/// Retry-After header.
/// </summary>
public sealed record WebhookResponse(int StatusCode, string Body, Outcomes.CancelOutcome? Outcome, IReadOnlyList<Outcomes.CancelOutcome>? AllOutcomes = null, TimeSpan? RetryAfter = null)
{
    public const string ContentType = "application/json; charset=utf-8";

    public IReadOnlyList<Outcomes.CancelOutcome> Outcomes => AllOutcomes ?? (Outcome is null ? [] : [Outcome]);

    /// <summary>The Retry-After header's value (whole seconds), or null for no header.</summary>
    public string? RetryAfterHeader => RetryAfter is { } wait ? ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}
