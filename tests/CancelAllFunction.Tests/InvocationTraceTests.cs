using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Azure.Monitor.OpenTelemetry.Exporter;
using CancelAll.Core.Telemetry;
using CancelAll.Functions.Functions;
using CancelAll.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace CancelAll.Functions.Tests;

/// <summary>
/// With App Insights on, the app's spans and logs belong to the invocation's trace: the worker starts one span per
/// invocation (its ActivitySource, parented on the trace context the host sends), and the exchange call is its child.
/// </summary>
public class InvocationTraceTests
{
    private const string WorkerSource = "Microsoft.Azure.Functions.Worker";

    [Fact]
    public async Task The_exchange_call_and_the_outcome_log_are_part_of_the_invocations_trace()
    {
        var spans = new ConcurrentQueue<Activity>();
        var logs = new ConcurrentQueue<(string Message, ActivityTraceId TraceId, ActivitySpanId SpanId)>();
        await using var app = await LiveApp.StartAsync(
            new Dictionary<string, string?>
            {
                // Export to a closed port on 127.0.0.1: nothing leaves the machine; the processors below see everything.
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            },
            configure: services =>
            {
                services.PostConfigureAll<AzureMonitorExporterOptions>(o => o.DisableOfflineStorage = true);
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new Capture<Activity>(spans.Enqueue)));
                services.ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new Capture<LogRecord>(r =>
                    logs.Enqueue((r.FormattedMessage ?? string.Empty, r.TraceId, r.SpanId)))));
            });
        app.Exchange.AddOrders(app.Account.ApiKey, "USDT-FUTURES", "USDT", 1);
        using var tracing = app.Host.Services.GetRequiredService<TracerProvider>();
        _ = app.Host.Services.GetRequiredService<OpenTelemetry.Logs.LoggerProvider>();

        // The trace context the Functions host sends with the invocation request (its own span's W3C traceparent).
        var hostTrace = ActivityTraceId.CreateRandom();
        var hostSpan = ActivitySpanId.CreateRandom();
        var context = InvocationContext("CancelAll", $"00-{hostTrace}-{hostSpan}-01");

        // The worker's own invocation span, started by the worker's telemetry provider from the host's registrations.
        using (var invocation = StartInvocationActivity(app, context))
        {
            Assert.NotNull(invocation);
            Assert.Equal(WorkerSource, invocation.Source.Name);
            Assert.Equal(hostTrace, invocation.TraceId);
            Assert.Equal(hostSpan, invocation.ParentSpanId);

            var request = TestHttp.Request("POST", "https://func.example/api/cancel-all", """{"productType":"USDT-FUTURES"}""",
                new Dictionary<string, string> { ["X-Webhook-Secret"] = LiveApp.Secret }, context);
            var response = (TestResponse)await app.Function<CancelAllHttp>().RunAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

            invocation.Stop();
            tracing.ForceFlush();

            // Spans are captured process-wide: keep this app's calls (to its own exchange's port), not those of tests running beside it.
            var exchangeCalls = spans.Where(s => s.Source.Name == CancelAllTelemetry.SourceName && s.DisplayName.StartsWith("Bitget POST", StringComparison.Ordinal)
                && Equals(s.GetTagItem("server.port"), app.Exchange.BaseUri.Port)).ToList();
            Assert.NotEmpty(exchangeCalls);
            Assert.All(exchangeCalls, s =>
            {
                Assert.Equal(hostTrace, s.TraceId);
                Assert.Equal(invocation.SpanId, s.ParentSpanId);
            });
            Assert.Contains(spans, s => s.SpanId == invocation.SpanId);

            var outcomeLog = logs.Where(l => l.Message.StartsWith("Cancel-all outcome", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(outcomeLog);
            Assert.All(outcomeLog, l => Assert.Equal(hostTrace, l.TraceId));
        }
    }

    /// <summary>
    /// Starts the invocation span exactly as the worker does before it runs a function: through its registered
    /// telemetry provider (an internal type of Microsoft.Azure.Functions.Worker.Core, reached by reflection because
    /// the gRPC layer that calls it cannot run without a Functions host).
    /// </summary>
    private static Activity? StartInvocationActivity(LiveApp app, FunctionContext context)
    {
        var providerType = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Diagnostics.IFunctionTelemetryProvider", throwOnError: true)!;
        var provider = app.Host.Services.GetRequiredService(providerType);
        var start = providerType.GetMethod("StartActivityForInvocation", BindingFlags.Public | BindingFlags.Instance)!;
        return (Activity?)start.Invoke(provider, [context]);
    }

    private static FunctionContext InvocationContext(string function, string traceParent)
    {
        var trace = new Mock<TraceContext>();
        trace.SetupGet(t => t.TraceParent).Returns(traceParent);
        trace.SetupGet(t => t.TraceState).Returns(string.Empty);
        trace.SetupGet(t => t.Attributes).Returns(new Dictionary<string, string>());
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(function);
        var binding = new Mock<BindingContext>();
        binding.SetupGet(b => b.BindingData).Returns(new Dictionary<string, object?>());
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.TraceContext).Returns(trace.Object);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.FunctionId).Returns(function);
        context.SetupGet(c => c.BindingContext).Returns(binding.Object);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        return context.Object;
    }

    /// <summary>Hands every ended span or log record to the test, beside the app's own exporter.</summary>
    private sealed class Capture<T>(Action<T> onEnd) : BaseProcessor<T>
    {
        public override void OnEnd(T data) => onEnd(data);
    }
}
