// The start-up JIT profile first (multicore JIT; nothing in the Native AOT build), so that the next `dotnet cancel-all.dll`
// compiles on the second core what this run compiles on the first. The runtime writes it when the process exits.
CancelAll.Core.Startup.StartupJitProfile.Start("cancel-all-cli");
return await CancelAll.Cli.CliApp.RunAsync(args).ConfigureAwait(false);
