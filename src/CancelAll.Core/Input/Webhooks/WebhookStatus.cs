using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>
/// The one place that turns outcomes into the webhook's HTTP status, from the error table OutcomeErrorKinds (README, "Webhook answers"). Alertmanager retries
/// 5xx at once and never 4xx, so: a failure a retry can fix is 503 with Retry-After; one it cannot is 422, which the
/// sender records as one failed delivery (visible in its UI and metrics) instead of retrying it in a loop.
/// </summary>
internal static class WebhookStatus
{
    public const int Ok = 200;
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int TooLarge = 413;
    public const int PermanentFailure = 422;
    public const int TransientFailure = 503;

    public static int For(CancelOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            OutcomeStatus.Succeeded or OutcomeStatus.NothingToCancel or OutcomeStatus.Ignored => Ok,
            OutcomeStatus.Rejected => BadRequest,
            _ when Errors(outcome).Any(e => e.Transient) => TransientFailure,
            // Otherwise the error table's status (400 for an unknown account, 422 for what no retry can fix).
            _ => Errors(outcome).Select(e => e.Handling.HttpStatus).DefaultIfEmpty(PermanentFailure).Min(),
        };
    }

    /// <summary>For a notification that ran one command per account: the most urgent status (a retry that can help first).</summary>
    public static int For(IReadOnlyList<CancelOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var statuses = outcomes.Select(For).ToList();
        int[] urgency = [TransientFailure, BadRequest, PermanentFailure, Ok];
        return urgency.First(statuses.Contains);
    }

    /// <summary>Seconds to put in Retry-After, or null when the status asks for no retry.</summary>
    public static TimeSpan? RetryAfter(int status, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return status == TransientFailure ? options.RetryAfter : null;
    }

    private static IEnumerable<OutcomeError> Errors(CancelOutcome outcome) =>
        outcome.Targets.Select(t => t.Error).Append(outcome.Error).OfType<OutcomeError>();
}
