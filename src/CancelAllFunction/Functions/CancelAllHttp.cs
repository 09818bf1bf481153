using System.Net;
using CancelAll.Core.Input.Webhooks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;

namespace CancelAll.Functions.Functions;

/// <summary>POST /api/cancel-all: alerting webhooks (TradingView, Alertmanager, Grafana, plain JSON).</summary>
public sealed class CancelAllHttp(WebhookHandler handler, IOptions<WebhookOptions> options)
{
    [Function("CancelAll")]
    public async Task<HttpResponseData> RunAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = "cancel-all")] HttpRequestData request)
    {
        // CancellationToken.None: once accepted, a cancel-all finishes and is recorded even if the caller hangs up.
        var body = await WebhookRequest.ReadBodyAsync(request.Body, options.Value.MaxBodyBytes, CancellationToken.None);
        var answer = await handler.HandleAsync(WebhookRequest.FromHttp(body, request.Query, request.Headers), CancellationToken.None);
        var response = request.CreateResponse((HttpStatusCode)answer.StatusCode);
        response.Headers.Add("Content-Type", WebhookResponse.ContentType);
        if (answer.RetryAfterHeader is { } retryAfter)
        {
            response.Headers.Add("Retry-After", retryAfter);
        }

        await response.WriteStringAsync(answer.Body);
        return response;
    }
}
