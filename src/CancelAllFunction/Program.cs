using CancelAll.Core.Input;
using CancelAll.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Wires the core (AppServices). Every setting is validated before the host runs, as the CLI does (StartupSettings): a
// missing or invalid one stops the app with a message that names it, its environment variable and an example, exit 1,
// and no stack trace.
var builder = FunctionsApplication.CreateBuilder(args);
AppServices.Add(builder.Services, builder.Configuration);
using var host = builder.Build();
if (StartupSettings.Problems(host.Services) is { } problems)
{
    await Console.Error.WriteLineAsync($"The app cannot start: a setting is missing or invalid. {problems}");
    return 1;
}

await host.RunAsync();
return 0;
