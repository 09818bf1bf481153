using CancelAll.Core.Input;
using CancelAll.Core.Startup;
using CancelAll.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// First, before anything is compiled: the start-up JIT profile (multicore JIT), so that a later start on this instance
// compiles on the second core what this one compiled on the first (BENCHMARKS.md, "Row 0 and row 3 from process start").
// It never stops the app; the host says once in the log what it did.
var jitProfile = StartupJitProfile.Start("cancel-all-app");

// Wires the core (AppServices). Every setting is validated before the host runs, as the CLI does (StartupSettings): a
// missing or invalid one stops the app with a message that names it, its environment variable and an example, exit 1,
// and no stack trace.
var builder = FunctionsApplication.CreateBuilder(args);
AppServices.Add(builder.Services, builder.Configuration);
builder.Services.AddStartupJitProfile(jitProfile);
using var host = builder.Build();
if (StartupSettings.Problems(host.Services) is { } problems)
{
    await Console.Error.WriteLineAsync($"The app cannot start: a setting is missing or invalid. {problems}");
    return 1;
}

await host.RunAsync();
return 0;
