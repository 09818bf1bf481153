using System.Net;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CancelAll.Functions.Functions;

/// <summary>POST /api/heartbeat: a bot's heartbeat arms (or disarms) the dead-man's switch of its account.</summary>
public sealed class Heartbeat(HeartbeatHandler handler)
{
    [Function("Heartbeat")]
    public async Task<HttpResponseData> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "heartbeat")] HttpRequestData request)
    {
        var body = await WebhookRequest.ReadBodyAsync(request.Body, HeartbeatBody.MaxBytes, CancellationToken.None);
        var answer = await handler.HandleAsync(WebhookRequest.FromHttp(body, request.Query, request.Headers), CancellationToken.None);
        var response = request.CreateResponse((HttpStatusCode)answer.StatusCode);
        response.Headers.Add("Content-Type", HeartbeatResponse.ContentType);
        await response.WriteStringAsync(answer.Body);
        return response;
    }
}
