using CancelAll.Core.Credentials;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Wires the core. Every setting is validated when the host starts (ValidateOnStart): a missing or invalid one stops
// the host with a message that names it.
var builder = FunctionsApplication.CreateBuilder(args);
var configuration = builder.Configuration;
builder.Services
    .AddBitgetExchange(configuration)
    .AddCancelAllCredentials(configuration)
    .AddCancelAllWorkflow(configuration)
    .AddCancelAllInputs(configuration)
    .AddCancelAllDeadMan(configuration)
    .AddCancelAllAzureMonitor(configuration)
    .AddHostedService<WarmUp>();
builder.Build().Run();
