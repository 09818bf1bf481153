using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using CancelAll.Core.Commands;
using CancelAll.Core.Replies;
using CancelAll.Core.Tests.Loopback;
using CancelAll.Core.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Tests.Replies;

public sealed class ServiceBusReplySenderTests : IAsyncLifetime, IDisposable
{
    private const string Token = "fake-sb-token-5f1c2e9a7b";
    private readonly Queue<int> answers = new();
    private readonly CapturingLoggerProvider logs = new();
    private readonly FakeTokenCredential credential = new(Token);
    private LoopbackServer server = null!;
    private TimeSpan delay = TimeSpan.Zero;
    private bool trickle;

    public async Task InitializeAsync() =>
        server = await LoopbackServer.StartAsync(
            async (context, _) =>
            {
                if (delay > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(delay, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                if (trickle)
                {
                    await LoopbackServer.TrickleAsync(context, 100_000, TimeSpan.FromMilliseconds(50), StatusCodes.Status201Created);
                    return;
                }

                int status;
                lock (answers)
                {
                    status = answers.Count > 0 ? answers.Dequeue() : StatusCodes.Status201Created;
                }

                context.Response.StatusCode = status;
            },
            https: true);

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => logs.Dispose();

    [Fact]
    public async Task A_queue_reply_is_posted_with_token_broker_properties_status_property_and_v1_body()
    {
        var sender = CreateSender(o => o.AllowedQueues = ["replies-desk1", " replies-desk2"]);
        var context = ReplyContext.ForQueue("req-msg-42", "corr-succeeded", replyTo: "replies-desk1", replyToSessionId: "desk1-session");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded(), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Sent, result.Status);
        Assert.Equal(201, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/replies-desk1/messages", request.Path);
        Assert.Equal("Bearer " + Token, request.Header("Authorization"));
        Assert.Equal(["https://servicebus.azure.net/.default"], credential.Scopes.Distinct());
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("\"Succeeded\"", request.Header(ServiceBusReplySender.StatusProperty));
        Assert.Equal("\"queue\"", request.Header(ServiceBusReplySender.SourceProperty));

        var broker = JsonNode.Parse(request.Header("BrokerProperties")!)!.AsObject();
        Assert.Equal(ReplyMessageIds.For(context), broker["MessageId"]!.GetValue<string>());
        Assert.Equal(32, broker["MessageId"]!.GetValue<string>().Length);
        Assert.Equal("req-msg-42", broker["CorrelationId"]!.GetValue<string>());
        Assert.Equal("desk1-session", broker["SessionId"]!.GetValue<string>());
        Assert.Equal("cancel-all.reply", broker["Label"]!.GetValue<string>());

        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal("cancel-all.outcome/v2", body["schema"]!.GetValue<string>());
        Assert.Equal("corr-succeeded", body["correlationId"]!.GetValue<string>());
        Assert.Equal("req-msg-42", body["requestMessageId"]!.GetValue<string>());
        Assert.Equal("Succeeded", body["status"]!.GetValue<string>());
        Assert.Equal(2, body["cancelledCount"]!.GetValue<int>());
        Assert.Equal("1001", body["targets"]![0]!["cancelled"]![0]!["orderId"]!.GetValue<string>());
        Assert.Contains(logs.Lines, l => l.Contains("sent to queue replies-desk1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_http_reply_goes_to_the_configured_queue_correlated_by_the_correlation_id_without_session()
    {
        var sender = CreateSender();
        var context = ReplyContext.ForHttp("corr-partial");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.PartiallyFailed(), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Sent, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/cancel-replies/messages", request.Path);
        var broker = JsonNode.Parse(request.Header("BrokerProperties")!)!.AsObject();
        Assert.Equal("corr-partial", broker["CorrelationId"]!.GetValue<string>());
        Assert.Null(broker["SessionId"]);
        Assert.Equal("\"PartiallyFailed\"", request.Header(ServiceBusReplySender.StatusProperty));
    }

    [Fact]
    public async Task A_ReplyTo_not_on_the_allow_list_is_not_honoured_and_is_logged()
    {
        var sender = CreateSender(o => o.AllowedQueues = ["replies-desk1"]);
        var context = ReplyContext.ForQueue("req-msg-7", "corr-7", replyTo: "someone-elses-queue");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-7"), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Sent, result.Status);
        Assert.Equal("cancel-replies", result.Queue);
        Assert.Equal("/cancel-replies/messages", Assert.Single(server.Requests).Path);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("someone-elses-queue", StringComparison.Ordinal) && l.Contains("AllowedQueues", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401, "token")]
    [InlineData(403, "Data Sender")]
    public async Task Refused_credentials_fail_at_once_without_retries_and_name_the_fix(int status, string hint)
    {
        answers.Enqueue(status);
        var sender = CreateSender();
        var context = ReplyContext.ForQueue("req-msg-1", "corr-1");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-1"), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Failed, result.Status);
        Assert.Equal(status, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Single(server.Requests);
        Assert.Contains(hint, result.Reason, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("NOT delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Throttling_is_retried_a_bounded_number_of_times_then_fails()
    {
        for (var i = 0; i < 10; i++)
        {
            answers.Enqueue(429);
        }

        var sender = CreateSender(o => o.MaxRetries = 2);
        var context = ReplyContext.ForHttp("corr-429");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-429"), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Failed, result.Status);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("429", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_send_succeeds_with_the_same_message_id()
    {
        answers.Enqueue(503);
        answers.Enqueue(500);
        var sender = CreateSender();
        var context = ReplyContext.ForTimer("timer:flatten:2026-11-23");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("timer:flatten:2026-11-23", "timer"), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Sent, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, server.Requests.Count);
        Assert.Single(server.Requests.Select(r => JsonNode.Parse(r.Header("BrokerProperties")!)!["MessageId"]!.GetValue<string>()).Distinct());
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Token, r.Header("Authorization")));
    }

    [Fact]
    public async Task A_Service_Bus_that_does_not_answer_times_out_within_the_bounds()
    {
        // Each attempt would hang for 30 s; the retry opens a fresh TLS connection, which 2 s per attempt leaves room for on
        // a loaded machine. Two attempts end in about 4 s; 15 s leaves room for a slow machine and is half the hang.
        delay = TimeSpan.FromSeconds(30);
        var sender = CreateSender(o =>
        {
            o.MaxRetries = 1;
            o.NetworkTimeout = TimeSpan.FromSeconds(2);
            o.SendTimeout = TimeSpan.FromSeconds(6);
        });
        var context = ReplyContext.ForQueue("req-msg-slow", "corr-slow");
        var watch = Stopwatch.StartNew();

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-slow"), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Failed, result.Status);
        Assert.Null(result.HttpStatus);
        Assert.Equal(2, result.Attempts);
        Assert.Contains("did not answer in time", result.Reason, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_Service_Bus_answer_that_trickles_times_out_within_the_bounds_and_is_retried()
    {
        // The retry must reach the server (2 requests) before its attempt times out: it opens a fresh TLS connection, which
        // 2 s leaves room for on a loaded machine. Without the per-attempt timeout on the body, the send timeout would end
        // the first attempt. Two attempts end in about 4 s; 15 s leaves room for a slow machine.
        trickle = true;
        var sender = CreateSender(o =>
        {
            o.MaxRetries = 1;
            o.NetworkTimeout = TimeSpan.FromSeconds(2);
            o.SendTimeout = TimeSpan.FromSeconds(6);
        });
        var context = ReplyContext.ForQueue("req-msg-trickle", "corr-trickle");
        var watch = Stopwatch.StartNew();

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-trickle"), context), context, CancellationToken.None);

        Assert.Equal(ReplySendStatus.Failed, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("did not answer in time", result.Reason, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_redelivered_request_gives_the_same_reply_message_id_so_duplicate_detection_drops_it()
    {
        var sender = CreateSender();
        var first = ReplyContext.ForQueue("req-msg-redelivered", "corr-a");
        var redelivered = ReplyContext.ForQueue("req-msg-redelivered", "corr-a");
        var other = ReplyContext.ForQueue("req-msg-other", "corr-b");

        await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-a"), first), first, CancellationToken.None);
        await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.PartiallyFailed("corr-a", "queue"), redelivered), redelivered, CancellationToken.None);
        await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-b"), other), other, CancellationToken.None);

        var ids = server.Requests.Select(r => JsonNode.Parse(r.Header("BrokerProperties")!)!["MessageId"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Equal(ReplyMessageIds.For(ReplyContext.ForTimer("t-1")), ReplyMessageIds.For(ReplyContext.ForTimer("t-1")));
    }

    [Fact]
    public async Task Without_a_namespace_replies_are_disabled_and_nothing_is_sent()
    {
        var sender = new ServiceBusReplySender(Options.Create(new ReplyOptions()), null, new LoggerFactory([logs]).CreateLogger<ServiceBusReplySender>());
        var context = ReplyContext.ForHttp("corr-off");

        var result = await sender.SendAsync(ReplyMapper.ToReply(TestOutcomes.Succeeded("corr-off"), context), context, CancellationToken.None);

        Assert.False(sender.Enabled);
        Assert.Equal(ReplySendStatus.Disabled, result.Status);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Start_up_validation_names_each_bad_setting()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CancelAll:Replies:Namespace"] = "https://sb-x.servicebus.windows.net/",
            ["CancelAll:Replies:Queue"] = "bad queue",
            ["CancelAll:Replies:AllowedQueues"] = "ok-queue,../etc",
            ["CancelAll:Replies:SendTimeout"] = "00:00:00",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddCancelAllReplies(config).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReplyOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("CancelAll:Replies:Namespace must be the namespace's host name", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("CancelAll:Replies:Queue 'bad queue'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("CancelAll:Replies:AllowedQueues has '../etc'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("CancelAll:Replies:SendTimeout", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("no Azure.Core.TokenCredential is registered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_captured_reply_header_body_or_log_carries_the_token_or_a_secret()
    {
        var sender = CreateSender(o => o.AllowedQueues = ["replies-desk1"]);
        answers.Enqueue(503);
        foreach (var (outcome, context) in new[]
        {
            (TestOutcomes.Succeeded(), ReplyContext.ForQueue("req-s", "corr-succeeded", "replies-desk1", "s-1")),
            (TestOutcomes.PartiallyFailed(), ReplyContext.ForHttp("corr-partial")),
            (TestOutcomes.Rejected(), ReplyContext.ForHttp("corr-rejected")),
        })
        {
            await sender.SendAsync(ReplyMapper.ToReply(outcome, context), context, CancellationToken.None);
        }

        var captured = server.Requests
            .SelectMany(r => r.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Key}: {h.Value}").Append(r.Body))
            .Concat(logs.Lines)
            .ToList();
        SecretScan.AssertNoSecrets(captured, Token, "hmac-secret-9f8e7d6c5b4a39281706", "pass-phrase-0001", "webhook-secret-do-not-leak");
    }

    private ServiceBusReplySender CreateSender(Action<ReplyOptions>? configure = null)
    {
        var options = new ReplyOptions
        {
            Endpoint = server.BaseUri,
            Transport = new HttpClientTransport(server.CreateHandler()),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            NetworkTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return new ServiceBusReplySender(Options.Create(options), credential, new LoggerFactory([logs]).CreateLogger<ServiceBusReplySender>());
    }
}
