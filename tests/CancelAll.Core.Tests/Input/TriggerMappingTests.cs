using System.Collections.Specialized;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Tests.Input;

/// <summary>What the Functions glue hands the core: these mappings are its only logic, so they are tested here.</summary>
public class TriggerMappingTests
{
    [Fact]
    public void Http_request_maps_query_headers_and_the_forwarded_caller()
    {
        var query = new NameValueCollection { ["productType"] = "USDT-FUTURES", ["code"] = "function-key" };
        var headers = new Dictionary<string, IEnumerable<string>>
        {
            ["X-Forwarded-For"] = ["203.0.113.9:51234, 10.0.0.4"],
            ["Authorization"] = ["Bearer abc"],
        };

        var request = WebhookRequest.FromHttp("{}", query, headers);

        Assert.Equal("USDT-FUTURES", request.QueryValue("producttype"));
        Assert.Equal("Bearer abc", request.Header("authorization"));
        Assert.Equal("203.0.113.9:51234", request.ForwardedFor);
        Assert.False(request.BodyTooLarge);
    }

    [Fact]
    public void Queue_binding_data_maps_metadata_and_tolerates_missing_entries()
    {
        var full = QueueMessage.FromBindingData("{}", new Dictionary<string, object?>
        {
            ["MessageId"] = "m-1",
            ["CorrelationId"] = "c-1",
            ["ReplyTo"] = "cancel-replies",
            ["ReplyToSessionId"] = "s-1",
            ["DeliveryCount"] = "3",
        });
        var sparse = QueueMessage.FromBindingData("{}", new Dictionary<string, object?> { ["MessageId"] = "\"m-2\"", ["DeliveryCount"] = 2L });

        Assert.Equal(new QueueMessage("{}", "m-1", "c-1", "cancel-replies", "s-1", 3), full);
        Assert.Equal(new QueueMessage("{}", "m-2", null, null, null, 2), sparse);
    }

    [Fact]
    public void Redelivery_exception_names_the_outcome_and_carries_it()
    {
        var outcome = CancelOutcome.NotRun(OutcomeStatus.Failed, "corr-9", "queue", "main", null, null, DateTimeOffset.UnixEpoch);
        var e = new RedeliveryRequestedException(outcome);
        Assert.Same(outcome, e.Outcome);
        Assert.Contains("corr-9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timer_last_run_without_a_zone_is_utc()
    {
        Assert.Null(ScheduleHandler.PreviousRunFrom(null));
        Assert.Equal(
            new DateTimeOffset(2026, 11, 23, 20, 59, 0, TimeSpan.Zero),
            ScheduleHandler.PreviousRunFrom(new DateTime(2026, 11, 23, 20, 59, 0, DateTimeKind.Unspecified)));
        Assert.Equal(
            new DateTimeOffset(2026, 11, 23, 20, 59, 0, TimeSpan.Zero),
            ScheduleHandler.PreviousRunFrom(new DateTime(2026, 11, 23, 20, 59, 0, DateTimeKind.Utc)));
    }
}
