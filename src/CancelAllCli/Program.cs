return await CancelAll.Cli.CliApp.RunAsync(args).ConfigureAwait(false);
