using System.Globalization;
using System.Text.Json.Nodes;
using CancelAll.Core.Tests.Loopback;
using Microsoft.AspNetCore.Http;

namespace CancelAll.Core.Tests.Hold;

/// <summary>One message as the fake namespace accepted it.</summary>
public sealed record FakeMessage(string Queue, string MessageId, DateTimeOffset? ScheduledAt, string Body, string? Label);

/// <summary>
/// The Service Bus REST send (<c>POST /{queue}/messages</c>) on a loopback HTTPS server, with what the app relies on:
/// a bearer token is required, BrokerProperties' ScheduledEnqueueTimeUtc holds a message back, and duplicate
/// detection drops a second MessageId on a queue (201, as Service Bus answers). Tests take due messages with
/// <see cref="TakeDue"/>, as the trigger would receive them.
/// </summary>
public sealed class FakeScheduledMessages : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly List<FakeMessage> accepted = [];
    private readonly List<FakeMessage> pending = [];
    private readonly HashSet<(string Queue, string MessageId)> seen = [];
    private int dropped;

    private FakeScheduledMessages(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    /// <summary>When set, every send is answered with this status (e.g. 503: Service Bus down).</summary>
    public int? FailWith { get; set; }

    public int DroppedDuplicates
    {
        get
        {
            lock (gate)
            {
                return dropped;
            }
        }
    }

    public static async Task<FakeScheduledMessages> StartAsync()
    {
        FakeScheduledMessages? bus = null;
        var server = await LoopbackServer.StartAsync((context, request) => bus!.ReceiveAsync(context, request), https: true);
        bus = new FakeScheduledMessages(server);
        return bus;
    }

    /// <summary>Every message accepted on <paramref name="queue"/> (duplicates excluded), in order.</summary>
    public IReadOnlyList<FakeMessage> Messages(string queue)
    {
        lock (gate)
        {
            return [.. accepted.Where(m => m.Queue == queue)];
        }
    }

    /// <summary>Removes and returns the messages of <paramref name="queue"/> due at <paramref name="now"/>, as the trigger receives them.</summary>
    public IReadOnlyList<FakeMessage> TakeDue(string queue, DateTimeOffset now)
    {
        lock (gate)
        {
            var due = pending.Where(m => m.Queue == queue && (m.ScheduledAt ?? DateTimeOffset.MinValue) <= now).ToList();
            pending.RemoveAll(due.Contains);
            return due;
        }
    }

    /// <summary>Messages still waiting on <paramref name="queue"/>.</summary>
    public IReadOnlyList<FakeMessage> Pending(string queue)
    {
        lock (gate)
        {
            return [.. pending.Where(m => m.Queue == queue)];
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private Task ReceiveAsync(HttpContext context, ReceivedRequest request)
    {
        var parts = request.Path.Trim('/').Split('/');
        if (request.Method != "POST" || parts is not [var queue, "messages"] || request.Header("Authorization") is not { } auth || !auth.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = request.Header("Authorization") is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        var broker = JsonNode.Parse(request.Header("BrokerProperties") ?? "{}")!.AsObject();
        var messageId = broker["MessageId"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
        DateTimeOffset? scheduled = broker["ScheduledEnqueueTimeUtc"]?.GetValue<string>() is { } text
            ? DateTimeOffset.ParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
        var message = new FakeMessage(queue, messageId, scheduled, request.Body, broker["Label"]?.GetValue<string>());
        lock (gate)
        {
            if (seen.Add((queue, messageId)))
            {
                accepted.Add(message);
                pending.Add(message);
            }
            else
            {
                dropped++;
            }
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
        return Task.CompletedTask;
    }
}
