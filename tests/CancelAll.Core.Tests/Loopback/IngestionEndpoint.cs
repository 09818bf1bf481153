using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CancelAll.Core.Tests.Loopback;

/// <summary>
/// A local Application Insights ingestion endpoint: accepts <c>POST /v2.1/track</c> (one JSON envelope per line) and
/// keeps every envelope. Point the exporter at it with <see cref="ConnectionString"/>.
/// </summary>
public sealed class IngestionEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonObject> envelopes = new();
    private LoopbackServer server = null!;

    public string ConnectionString => $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={server.BaseUri}";

    public IReadOnlyList<ReceivedRequest> Requests => server.Requests;

    /// <summary>Everything received, less the exporter's own resource metric.</summary>
    public IReadOnlyList<JsonObject> Envelopes => envelopes.Where(e => MetricName(e) != "_OTELRESOURCE_").ToList();

    public IEnumerable<JsonObject> OfType(string baseType) => Envelopes.Where(e => e["data"]?["baseType"]?.GetValue<string>() == baseType);

    public IEnumerable<JsonObject> Events(string name) => OfType("EventData").Where(e => BaseData(e)["name"]?.GetValue<string>() == name);

    public IEnumerable<JsonObject> Metrics(string name) => OfType("MetricData").Where(e => MetricName(e) == name);

    public static JsonObject BaseData(JsonObject envelope) => envelope["data"]!["baseData"]!.AsObject();

    public static string? Property(JsonObject envelope, string name) => BaseData(envelope)["properties"]?[name]?.ToString();

    public static string? MetricName(JsonObject envelope) => envelope["data"]?["baseData"]?["metrics"]?[0]?["name"]?.GetValue<string>();

    public static double MetricValue(JsonObject envelope) => envelope["data"]!["baseData"]!["metrics"]![0]!["value"]!.GetValue<double>();

    /// <summary>For an HTTPS endpoint: a handler that trusts exactly its certificate.</summary>
    public SocketsHttpHandler CreateHandler() => server.CreateHandler();

    public static async Task<IngestionEndpoint> StartAsync(bool https = false)
    {
        var endpoint = new IngestionEndpoint();
        endpoint.server = await LoopbackServer.StartAsync(
            async (context, request) =>
            {
                var count = 0;
                if (request.Path.EndsWith("/track", StringComparison.Ordinal))
                {
                    foreach (var line in request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (JsonNode.Parse(line) is JsonObject envelope)
                        {
                            endpoint.envelopes.Enqueue(envelope);
                            count++;
                        }
                    }
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($"{{\"itemsReceived\":{count},\"itemsAccepted\":{count},\"errors\":[]}}");
            },
            https);
        return endpoint;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
