using CancelAll.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Wires the core (AppServices). Every setting is validated when the host starts (ValidateOnStart): a missing or
// invalid one stops the host with a message that names it.
var builder = FunctionsApplication.CreateBuilder(args);
AppServices.Add(builder.Services, builder.Configuration);
builder.Build().Run();
