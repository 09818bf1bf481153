using System.Net;
using CancelAll.Core.Health;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CancelAll.Functions.Functions;

/// <summary>GET /api/health: settings, vault and exchange clock. Nothing secret.</summary>
public sealed class Health(HealthProbe probe)
{
    [Function("Health")]
    public async Task<HttpResponseData> RunAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequestData request, FunctionContext context)
    {
        var report = await probe.CheckAsync(context.CancellationToken);
        var response = request.CreateResponse((HttpStatusCode)report.HttpStatus);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(report.ToJson());
        return response;
    }
}
