using System.Globalization;

namespace CancelAll.Infra.Tests;

/// <summary>The queues match what the app expects of them.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class ServiceBusQueueTests(CompiledTemplate compiled)
{
    private static int MaxDeliveryCountSetting(Deployment deployment) =>
        int.Parse(deployment.AppSettings["CancelAll__Queue__MaxDeliveryCount"], NumberStyles.None, CultureInfo.InvariantCulture);

    private static int QueueMaxDeliveryCount(Deployment deployment, string queue) =>
        deployment.Queue(queue).Properties["maxDeliveryCount"]!.GetValue<int>();

    [Fact]
    public void Request_queue_max_delivery_count_equals_the_app_setting_by_default()
    {
        var deployment = compiled.Deploy();
        Assert.Equal(MaxDeliveryCountSetting(deployment), QueueMaxDeliveryCount(deployment, "cancel-requests"));
        Assert.Equal(int.Parse(compiled.SampleValues["CancelAll__Queue__MaxDeliveryCount"], CultureInfo.InvariantCulture), MaxDeliveryCountSetting(deployment));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    public void Request_queue_max_delivery_count_follows_the_app_setting_for_any_value(int count)
    {
        var deployment = compiled.Deploy(("maxDeliveryCount", count));
        Assert.Equal(count, QueueMaxDeliveryCount(deployment, "cancel-requests"));
        Assert.Equal(count, MaxDeliveryCountSetting(deployment));
    }

    [Fact]
    public void Parameters_file_keeps_queue_and_app_setting_in_step()
    {
        var deployment = compiled.DeployWithParametersFile();
        var requestQueue = deployment.AppSettings["CancelRequestsQueue"];
        Assert.Equal(MaxDeliveryCountSetting(deployment), QueueMaxDeliveryCount(deployment, requestQueue));
    }

    [Fact]
    public void Request_queue_has_no_sessions_and_dead_letters_expired_requests()
    {
        var properties = compiled.Deploy().Queue("cancel-requests").Properties;
        Assert.False(properties["requiresSession"]!.GetValue<bool>());
        Assert.True(properties["deadLetteringOnMessageExpiration"]!.GetValue<bool>());
        var lockDuration = System.Xml.XmlConvert.ToTimeSpan(properties["lockDuration"]!.GetValue<string>());
        Assert.InRange(lockDuration, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Request_queue_deduplicates_hold_repeats_over_a_window_that_covers_the_hold_interval()
    {
        var deployment = compiled.Deploy();
        var properties = deployment.Queue("cancel-requests").Properties;
        Assert.True(properties["requiresDuplicateDetection"]!.GetValue<bool>());
        var window = System.Xml.XmlConvert.ToTimeSpan(properties["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>());
        var interval = TimeSpan.Parse(deployment.AppSettings["CancelAll__Hold__Interval"], CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(10), window);
        Assert.True(window >= interval, $"the window {window} must cover the hold interval {interval}");
        Assert.Equal(deployment.AppSettings["CancelRequestsQueue"], deployment.AppSettings["CancelAll__Hold__Queue"]);
    }

    [Fact]
    public void The_docs_say_how_to_upgrade_a_request_queue_made_without_duplicate_detection()
    {
        // Service Bus sets duplicate detection only when a queue is created: an older deployment's queue must be recreated.
        var readme = compiled.ReadText("README.md");
        var section = readme[readme.IndexOf("### Upgrading over an existing request queue", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        foreach (var step in new[] { "requiresDuplicateDetection", "az servicebus queue show", "scheduledMessageCount", "az servicebus queue delete", "azd up" })
        {
            Assert.Contains(step, section, StringComparison.Ordinal);
        }

        Assert.Contains("Upgrading a deployment made before holds", compiled.ReadText(System.IO.Path.Combine("infra", "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Reply_queue_deduplicates_replies_of_redelivered_requests()
    {
        var properties = compiled.Deploy().Queue("cancel-replies").Properties;
        Assert.True(properties["requiresDuplicateDetection"]!.GetValue<bool>());
        var window = System.Xml.XmlConvert.ToTimeSpan(properties["duplicateDetectionHistoryTimeWindow"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromMinutes(10), window);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reply_queue_sessions_are_a_parameter_that_defaults_to_on(bool sessions)
    {
        Assert.True(compiled.Deploy().Queue("cancel-replies").Properties["requiresSession"]!.GetValue<bool>());
        var properties = compiled.Deploy(("replyQueueRequiresSession", sessions)).Queue("cancel-replies").Properties;
        Assert.Equal(sessions, properties["requiresSession"]!.GetValue<bool>());
    }
}
