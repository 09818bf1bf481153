using System.CommandLine;
using Azure;
using Azure.Identity;
using System.Runtime.InteropServices;
using CancelAll.Core.Commands;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Hold;
using CancelAll.Core.Input;
using CancelAll.Core.Kill;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;
using CancelAll.Core.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CancelAll.Cli;

/// <summary>
/// The break-glass CLI: the same core as the Functions app, from a terminal. Output goes to the given writers
/// and the environment comes from the given map, so that tests run it in process and scan what it printed.
/// Standard output carries the outcome only (with --json: exactly one JSON document); banners, logs, progress and
/// errors go to standard error. <paramref name="interruption"/> is how Ctrl-C and SIGTERM ask the run to stop;
/// <paramref name="showProgress"/> draws a status line on standard error (only when it is a terminal).
/// </summary>
internal sealed class CliApp(
    TextWriter output,
    TextWriter error,
    IReadOnlyDictionary<string, string?> environment,
    TextReader? input = null,
    CliInterruption? interruption = null,
    bool showProgress = false)
{
    private static readonly string[] ScopeNames = ["orders", "entries", "flatten"];

    /// <summary>
    /// For tests only: runs after the core's registrations, before the services are built, e.g. to point --vault's
    /// SecretClient at a loopback vault with a test identity (the real one would ask Azure for a token).
    /// </summary>
    internal Action<IServiceCollection>? ConfigureServices { get; init; }

    private const string SandboxAccount = "sandbox";

    private readonly Option<string[]> productTypes = new("--product-type", "-p")
    {
        Description = "USDT-FUTURES, COIN-FUTURES:BTC, USDC-FUTURES (S-prefixed for the old demo setup) or all. Repeatable. Default: all.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> marginCoin = new("--margin-coin", "-m") { Description = "Margin coin for targets that do not name one (USDT, BTC, ...)." };
    private readonly Option<bool> demo = new("--demo") { Description = "Demo trading: sends paptrading: 1 with a demo key." };
    private readonly Option<string?> baseUrl = new("--base-url") { Description = "Exchange base URL. Default: https://api.bitget.com." };
    private readonly Option<string> account = new("--account", "-a") { Description = "Account name (default main). Keys come from --vault, or from BITGET_API_KEY, BITGET_API_SECRET, BITGET_API_PASSPHRASE, or from CancelAll__Accounts__<account>__ApiKey/ApiSecret/Passphrase.", DefaultValueFactory = _ => "main" };
    private readonly Option<string?> vault = new("--vault") { Description = "Key Vault URI (https://NAME.vault.azure.net/): read the account's keys from the vault with your Azure login." };
    private readonly Option<string?> reason = new("--reason") { Description = "Why you are cancelling; recorded with the outcome." };
    private readonly Option<bool> json = new("--json") { Description = "Print the outcome as one JSON document on standard output (an error before the kill: a cancel-all.cli-error/v1 document); everything else goes to standard error." };
    private readonly Option<bool> dryRun = new("--dry-run") { Description = "Read-only preview: list what the scope would cancel or close (signed GETs only), print the cancel-all request (secrets redacted), and change nothing." };
    private readonly Option<string> scope = new Option<string>("--scope") { Description = "orders (default): cancel open orders. entries: also cancel trigger and trailing entry plan orders. flatten: also close every position at market and cancel leftover TP/SL, then verify.", DefaultValueFactory = _ => "orders", HelpName = string.Join('|', ScopeNames) }.AcceptOnlyFromAmong(ScopeNames);
    private readonly Option<bool> verify = new("--verify") { Description = "After cancelling, list what is left and repeat the missing step until flat or the deadline (default for flatten)." };
    private readonly Option<bool> noVerify = new("--no-verify") { Description = "Do not verify, even for flatten." };
    private readonly Option<bool> sandbox = new("--sandbox") { Description = "Start a local test exchange with a demo Unified Trading Account (what Bitget gives every new account) and open orders, and cancel them. Needs no keys and no network." };
    private readonly Option<bool> sandboxClassic = new("--sandbox-classic") { Description = "With --sandbox: make the demo account a classic account (V2 API) instead of a Unified Trading Account." };
    private readonly Option<int> sandboxDelay = new("--sandbox-delay") { Description = "With --sandbox: the local exchange answers each request after this many milliseconds, to watch progress or try Ctrl-C.", HelpName = "MS" };
    private readonly Option<string?> commandFile = new("--command-file") { Description = "Run a plain JSON command (the queue message schema) from a file, or from standard input with -. Replays a queue message by hand." };
    private readonly Option<bool> verbose = new("--verbose", "-v") { Description = "Log what happens, to standard error." };
    private readonly Option<string?> releaseAccount = new("--account", "-a") { Description = "Release every hold of this account (narrowed by --product-type) instead of one hold by id." };
    private readonly Argument<string?> holdId = new("hold-id") { Description = "The hold to end: its id, the correlationId of the command that started it (the answer's hold.id).", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>
    /// The process entry point: the first Ctrl-C (or SIGTERM) stops starting steps and the outcome so far is printed,
    /// exit 130 (143); a second one exits at once.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        using var interruption = new CliInterruption();
        void OnSignal(PosixSignalContext context, int exitCode)
        {
            context.Cancel = true;
            if (!interruption.Request(exitCode))
            {
                Console.Error.WriteLine("Stopped at once.");
                Environment.Exit(interruption.ExitCode ?? exitCode);
            }

            Console.Error.WriteLine($"{Environment.NewLine}Stopping ({context.Signal}): finishing the steps under way, starting no new ones. Press Ctrl-C again to exit at once.");
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, CliInterruption.SigIntExitCode));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, CliInterruption.SigTermExitCode));
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return await new CliApp(Console.Out, Console.Error, environment, Console.In, interruption, showProgress: !Console.IsErrorRedirected)
            .InvokeAsync(args).ConfigureAwait(false);
    }

    public async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("cancel-all: cancel every open Bitget futures order, now.")
        {
            productTypes, marginCoin, demo, baseUrl, account, vault, reason, json, dryRun, scope, verify, noVerify, sandbox, sandboxClassic, sandboxDelay, commandFile, verbose,
        };
        root.SetAction((parse, cancellationToken) => CancelAsync(parse, cancellationToken));
        var release = new Command("release", "End a hold early, on the app's hold table (works while the app is down): by hold id, or with --account every hold of the account (narrowed by --product-type). Needs CancelAll__Hold__TableEndpoint and your Azure login (az login), or CancelAll__Hold__TableConnectionString.")
        {
            holdId, releaseAccount, productTypes, marginCoin, demo, json, verbose,
        };
        release.SetAction((parse, cancellationToken) => ReleaseFromOptionsAsync(parse, cancellationToken));
        root.Subcommands.Add(release);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var message = string.Join(" ", parsed.Errors.Select(e => e.Message));
            return await FailAsync(ExitCodes.BadInput, message + " Run with --help for the options.", args.Contains("--json", StringComparer.Ordinal)).ConfigureAwait(false);
        }

        // Signals are the entry point's (CliInterruption), not System.CommandLine's: its handler would cut the kill short.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    /// <summary>An error before (or instead of) a kill: the message on standard error, and with --json one error document on standard output.</summary>
    private async Task<int> FailAsync(int exitCode, string message, bool asJson)
    {
        await error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        if (asJson)
        {
            await output.WriteLineAsync(CliErrorJson.For(exitCode, message).Serialize()).ConfigureAwait(false);
        }

        return exitCode;
    }

    private async Task<int> CancelAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        SandboxExchange? exchange = null;
        var asJson = parse.GetValue(json);
        try
        {
            // Validate the command before anything else, so that bad input never reaches a key or the network.
            var (command, releaseFields) = await ReadCommandAsync(parse, cancellationToken).ConfigureAwait(false);
            if (releaseFields is not null)
            {
                return await ReleaseAsync(releaseFields, parse.GetValue(verbose), asJson, cancellationToken).ConfigureAwait(false);
            }

            var accountName = command!.Account;
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(sandbox))
            {
                var classic = parse.GetValue(sandboxClassic);
                exchange = await SandboxExchange.StartAsync(classic, parse.GetValue(sandboxDelay), cancellationToken).ConfigureAwait(false);
                var sandboxKey = exchange.Credentials;
                AddAccountSettings(settings, SandboxAccount, sandboxKey.ApiKey, sandboxKey.Secret, sandboxKey.Passphrase, demo: true);
                settings[$"{ExchangeOptions.Section}:BaseUrl"] = exchange.BaseUri.ToString();
                var kind = classic ? "classic demo account" : "demo Unified Trading Account";
                await (asJson ? error : output).WriteLineAsync($"Sandbox: local test exchange at {exchange.BaseUri} with {kind} '{SandboxAccount}' (mode detected as for any account), 7 open orders, 4 {(classic ? "plan" : "strategy")} orders and 1 position.").ConfigureAwait(false);
            }
            else if (parse.GetValue(vault) is { } vaultUri)
            {
                settings[CredentialsOptions.VaultUriKey] = vaultUri;
            }
            else
            {
                CredentialsFromEnvironment(settings, accountName);
            }

            if (parse.GetValue(baseUrl) is { } url)
            {
                settings[$"{ExchangeOptions.Section}:BaseUrl"] = url;
            }


            var progress = showProgress ? new TerminalProgress(error, command.Targets.Count) : null;
            await using var services = BuildServices(settings, parse.GetValue(verbose), progress?.Above ?? error);

            // No host runs here, so run the start-up validation the Functions app runs, with the same messages.
            if (StartupSettings.Problems(services) is { } problems)
            {
                return await FailAsync(ExitCodes.BadInput, problems, asJson).ConfigureAwait(false);
            }

            var control = new KillControl { StopStartingSteps = interruption?.StopStartingSteps ?? CancellationToken.None, Progress = progress };
            var outcome = await services.GetRequiredService<CancelAllWorkflow>().RunAsync(command, control, cancellationToken).ConfigureAwait(false);
            progress?.Clear();
            await WriteOutcomeAsync(outcome, asJson).ConfigureAwait(false);
            if (exchange is not null)
            {
                await error.WriteLineAsync($"Sandbox exchange after the run: {await exchange.StopAsync(cancellationToken).ConfigureAwait(false)}.").ConfigureAwait(false);
            }

            if (interruption?.ExitCode is { } interrupted)
            {
                return interrupted;
            }

            // The error table decides: something left behind after verify (NotFlat) is the partial-failure exit code.
            return ExitCodes.For(outcome);
        }
        catch (CommandValidationException e)
        {
            return await FailAsync(ExitCodes.BadInput, e.Message, asJson).ConfigureAwait(false);
        }
        catch (Exception e) when (StartupSettings.Describe(e) is { } problems)
        {
            // A setting read after start-up (none should be): the same message as at start-up.
            return await FailAsync(ExitCodes.BadInput, problems, asJson).ConfigureAwait(false);
        }
        finally
        {
            if (exchange is not null)
            {
                await exchange.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The command from --command-file when given (the options then only fill what the file leaves out), else from the
    /// options; or, for a file with <c>release</c>, the release's fields instead (the same forms the webhook and queue take).
    /// </summary>
    private async Task<(CancelCommand? Command, CommandFields? Release)> ReadCommandAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var isSandbox = parse.GetValue(sandbox);
        if (parse.GetValue(verify) && parse.GetValue(noVerify))
        {
            throw new CommandValidationException("--verify", "--verify and --no-verify contradict each other: give one of them.");
        }

        if (isSandbox && parse.GetValue(productTypes)?.FirstOrDefault(IsClassicDemoType) is { } classicDemo)
        {
            throw new CommandValidationException("--product-type", $"--product-type {classicDemo} is an S-prefixed demo type of Bitget's old demo setup, for classic accounts only; --sandbox runs a demo account with a demo key (paptrading: 1), which takes the plain type: use -p {classicDemo.Trim()[1..].ToUpperInvariant()}.");
        }

        var fromOptions = new CommandFields
        {
            Scope = Enum.Parse<CancelScope>(parse.GetValue(scope) ?? "orders", ignoreCase: true),
            Verify = parse.GetValue(verify) ? true : parse.GetValue(noVerify) ? false : null,
            Account = isSandbox ? SandboxAccount : parse.GetValue(account),
            ProductTypes = parse.GetValue(productTypes) is { Length: > 0 } given ? given : null,
            MarginCoin = parse.GetValue(marginCoin),
            Demo = parse.GetValue(demo) || isSandbox ? true : null,
            DryRun = parse.GetValue(dryRun) ? true : null,
            Reason = parse.GetValue(reason),
        };
        if (parse.GetValue(commandFile) is not { } file)
        {
            return (fromOptions.ToCommand(CommandSource.Cli, CancelCommand.NewCorrelationId(), CoinFuturesMarginCoins()), null);
        }

        string text;
        try
        {
            text = file == "-"
                ? await (input ?? TextReader.Null).ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandValidationException("--command-file", $"--command-file '{file}' could not be read: {e.Message}");
        }

        var (fields, _) = CommandJson.Parse(text);
        if (fields.Release is not null)
        {
            return (null, fields with { Account = fields.Account ?? parse.GetValue(account) });
        }

        if (fields.HoldMinutes is not null)
        {
            // A hold lives in the app's request queue (the repeats) and table: this process ends when the kill does.
            throw new CommandValidationException("holdMinutes", "holdMinutes is for the app: a hold is a chain of scheduled messages on its request queue, so only the app starts one (send this command by webhook or Service Bus queue). Nothing was cancelled. Leave holdMinutes out to cancel once from here; end a hold from here with: cancel-all release <hold id> (or --account NAME).");
        }

        var layered = isSandbox ? (fields with { Account = SandboxAccount, Demo = true }).Over(fromOptions) : fields.Over(fromOptions);
        return (layered.ToCommand(CommandSource.Cli, CancelCommand.NewCorrelationId(), CoinFuturesMarginCoins()), null);
    }

    /// <summary><c>cancel-all release HOLD-ID</c>, or <c>cancel-all release --account NAME [-p TYPE]</c>.</summary>
    private async Task<int> ReleaseFromOptionsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var asJson = parse.GetValue(json);
        var id = parse.GetValue(holdId);
        var byAccount = parse.GetValue(releaseAccount);
        if (string.IsNullOrWhiteSpace(id) && byAccount is null)
        {
            return await FailAsync(ExitCodes.BadInput, "release needs a hold id (cancel-all release <hold id>: the correlationId of the command that started it) or --account NAME to end every hold of that account.", asJson).ConfigureAwait(false);
        }

        var fields = new CommandFields
        {
            Release = string.IsNullOrWhiteSpace(id) ? CommandFields.ReleaseAll : id.Trim(),
            Account = byAccount,
            ProductTypes = parse.GetValue(productTypes) is { Length: > 0 } given ? given : null,
            MarginCoin = parse.GetValue(marginCoin),
            Demo = parse.GetValue(demo) ? true : null,
        };
        return await ReleaseAsync(fields, parse.GetValue(verbose), asJson, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends holds on the app's hold table with the core's <see cref="HoldRelease"/>, the code behind the webhook's and the
    /// queue's release. The table is the hold's state of record, so this works while the app is down; it needs no exchange
    /// key and makes no exchange call.
    /// </summary>
    private async Task<int> ReleaseAsync(CommandFields fields, bool verboseLogging, bool asJson, CancellationToken cancellationToken)
    {
        await using var services = BuildReleaseServices(verboseLogging);
        var release = services.GetRequiredService<HoldRelease>();
        if (release.TableProblem() is { } problem)
        {
            return await FailAsync(ExitCodes.BadInput, $"A release ends the hold on the app's hold table. {problem} In Azure, your login (az login) needs the Storage Table Data Contributor role on the app's storage account.", asJson).ConfigureAwait(false);
        }

        try
        {
            var outcome = await release.ReleaseAsync(fields, CommandSource.Cli, CancelCommand.NewCorrelationId(), CoinFuturesMarginCoins(), cancellationToken).ConfigureAwait(false);
            await WriteReleaseAsync(outcome, asJson).ConfigureAwait(false);
            return ExitCodes.For(outcome);
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException || e.InnerException is AuthenticationFailedException or CredentialUnavailableException)
        {
            return await FailAsync(ExitCodes.CredentialsOrPermission, $"No Azure token for the hold table ({e.GetType().Name}): sign in with az login (or set the environment DefaultAzureCredential reads), then release again. Nothing was released.", asJson).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            // The message tells a refused account key from a refused identity; from here the identity is your Azure login.
            var login = string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<HoldOptions>>().Value.TableConnectionString) ? " The identity here is your Azure login (az login)." : string.Empty;
            return await FailAsync(ExitCodes.CredentialsOrPermission, $"{e.Message}{login} Nothing was released.", asJson).ConfigureAwait(false);
        }
        catch (TableSettingsException e)
        {
            // Bad table settings (a connection string without a key, a token over http) name the setting to fix, never
            // its value. Any other exception is a fault, not bad input: it takes the CLI's generic path (exit 1).
            return await FailAsync(ExitCodes.BadInput, $"{e.Message} Nothing was released.", asJson).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            // The table client's message says what it was asked, what came back and what to check; never the key or token.
            return await FailAsync(ExitCodes.Unexpected, $"{e.Message} Release again once fixed. Nothing was released.", asJson).ConfigureAwait(false);
        }
    }

    private ServiceProvider BuildReleaseServices(bool verboseLogging)
    {
        var configuration = Configuration([]);
        var registrations = new ServiceCollection()
            .AddLogging(logging => logging
                .SetMinimumLevel(verboseLogging ? LogLevel.Information : LogLevel.Warning)
                .AddProvider(new TextWriterLoggerProvider(error)))
            .AddCancelAllCredentials(configuration) // the TokenCredential: DefaultAzureCredential, your az login on a terminal
            .AddCancelAllHoldRelease(configuration);
        ConfigureServices?.Invoke(registrations);
        return registrations.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private async Task WriteReleaseAsync(CancelOutcome outcome, bool asJson)
    {
        if (asJson)
        {
            await output.WriteLineAsync(ReplyJsonContext.Serialize(ReplyMapper.ToDocument(outcome), indented: true)).ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"{OutcomeHeadline.For(outcome)} (correlation id {outcome.CorrelationId})").ConfigureAwait(false);
        if (outcome.Error is { } problem)
        {
            await output.WriteLineAsync($"  error: {problem.Message}").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"  {outcome.Reason} of account {outcome.Account}: the next scheduled repeat finds no hold and stops without an exchange call.").ConfigureAwait(false);
    }

    private static bool IsClassicDemoType(string value) =>
        value.Trim().ToUpperInvariant() is "SUSDT-FUTURES" or "SUSDC-FUTURES" || value.Trim().StartsWith("SCOIN-FUTURES", StringComparison.OrdinalIgnoreCase);

    // `all` expands COIN-FUTURES per coin as the app does, from the same setting in either form: one comma-separated
    // value, or an array (CancelAll__CoinFuturesMarginCoins__0, __1, ...).
    private IReadOnlyList<string>? CoinFuturesMarginCoins()
    {
        const string Name = "CancelAll__CoinFuturesMarginCoins";
        var given = environment.TryGetValue(Name, out var value) && value is not null
            ? value.Split(',')
            : environment.Where(e => e.Key.StartsWith(Name + "__", StringComparison.Ordinal)).Select(e => e.Value ?? string.Empty).ToArray();
        var coins = new InputOptions { CoinFuturesMarginCoins = given }.CoinFuturesMarginCoinList;
        return coins.Count > 0 ? coins : null;
    }

    /// <summary>The CancelAll__ variables of the environment as settings, with <paramref name="settings"/> over them.</summary>
    private IConfigurationRoot Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Where(e => e.Key.StartsWith("CancelAll__", StringComparison.Ordinal))
                .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .AddInMemoryCollection(settings)
            .Build();

    private ServiceProvider BuildServices(Dictionary<string, string?> settings, bool verboseLogging, TextWriter logWriter)
    {
        var configuration = Configuration(settings);
        var registrations = new ServiceCollection()
            .AddLogging(logging => logging
                .SetMinimumLevel(verboseLogging ? LogLevel.Information : LogLevel.Warning)
                .AddProvider(new TextWriterLoggerProvider(logWriter)))
            .AddBitgetExchange(configuration)
            .AddCancelAllCredentials(configuration)
            .AddCancelAllWorkflow(configuration);
        ConfigureServices?.Invoke(registrations);
        var services = registrations.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        return services;
    }

    /// <summary>
    /// BITGET_API_* variables become the account's configuration, so the CLI reads keys through the same provider as
    /// the app. Without them, CancelAll__Accounts__ACCOUNT__* variables may already hold the account.
    /// </summary>
    private void CredentialsFromEnvironment(Dictionary<string, string?> settings, string accountName)
    {
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        if (Get("BITGET_API_KEY") is null && Get($"CancelAll__Accounts__{accountName}__ApiKey") is not null)
        {
            return;
        }

        string Required(string name) => Get(name)
            ?? throw new CommandValidationException(name, $"{name} is not set. Export BITGET_API_KEY, BITGET_API_SECRET and BITGET_API_PASSPHRASE, use --vault, or try --sandbox.");
        AddAccountSettings(settings, accountName, Required("BITGET_API_KEY"), Required("BITGET_API_SECRET"), Required("BITGET_API_PASSPHRASE"), demo: false);
    }

    private static void AddAccountSettings(Dictionary<string, string?> settings, string accountName, string key, string secret, string passphrase, bool demo)
    {
        var prefix = $"{CredentialsOptions.AccountsKey}:{accountName}:";
        settings[prefix + "ApiKey"] = key;
        settings[prefix + "ApiSecret"] = secret;
        settings[prefix + "Passphrase"] = passphrase;
        settings[prefix + "Demo"] = demo ? "true" : "false";
    }

    private async Task WriteOutcomeAsync(CancelOutcome outcome, bool asJson)
    {
        if (asJson)
        {
            await output.WriteLineAsync(ReplyJsonContext.Serialize(ReplyMapper.ToDocument(outcome), indented: true)).ConfigureAwait(false);
            return;
        }

        if (interruption?.ExitCode is { } code)
        {
            var notStarted = outcome.Targets.Sum(t => t.Steps?.Count(s => s.Error?.Kind == OutcomeErrorKind.Interrupted) ?? 0);
            await output.WriteLineAsync($"INTERRUPTED ({ExitCodes.Meaning(code)}): the steps under way finished and no new one started; {notStarted} step(s) did not start (marked 'not started' below). To list what is still open, run the same command with --dry-run; check the account on Bitget now.").ConfigureAwait(false);
        }

        // The same headline as the webhook answer and the reply: "0 remaining" only where verify looked and found nothing.
        await output.WriteLineAsync($"{OutcomeHeadline.For(outcome)}; {outcome.DurationMs:F0} ms (account {outcome.Account}, scope {outcome.Scope}, correlation id {outcome.CorrelationId})").ConfigureAwait(false);
        if (outcome.Error is { } commandError)
        {
            await output.WriteLineAsync($"  error: {commandError.Kind} {commandError.Code}: {commandError.Message}").ConfigureAwait(false);
        }

        foreach (var target in outcome.Targets)
        {
            var name = target.ProductType + (target.MarginCoin is null ? string.Empty : "/" + target.MarginCoin);
            var mode = target.AccountMode switch { Core.Exchange.AccountMode.Unified => "UTA (V3)", Core.Exchange.AccountMode.Classic => "classic (V2)", _ => "mode unknown" };
            await output.WriteLineAsync($"  {name,-22} {target.Environment,-12} {target.Status,-16} {target.CancelledCount} cancelled, {target.FailedCount} failed, {target.Attempts} request(s), {mode}{(target.Joined ? ", joined an identical run" : string.Empty)}").ConfigureAwait(false);
            foreach (var failed in target.Failed)
            {
                await output.WriteLineAsync($"    not cancelled: order {failed.OrderId} ({failed.ErrorCode} {failed.ErrorMessage})").ConfigureAwait(false);
            }

            if (target.Error is { } targetError)
            {
                await output.WriteLineAsync($"    error: {targetError.Kind}: {targetError.Message}").ConfigureAwait(false);
            }

            foreach (var step in target.Steps ?? [])
            {
                var what = step.Name + (step.PlanType is null ? string.Empty : " " + step.PlanType) + (step.Round > 1 ? $" (round {step.Round})" : string.Empty);
                var result = step.Error is { } stepError
                    ? stepError.Kind == OutcomeErrorKind.Interrupted ? "not started (interrupted)" : $"error {stepError.Kind} {stepError.Code}: {stepError.Message}"
                    : step.Name == StepNames.Verify ? $"{step.Failed} left" : $"{step.Done} done, {step.Failed} failed";
                await output.WriteLineAsync($"    step {what}: {result}").ConfigureAwait(false);
            }

            foreach (var item in target.Remaining ?? [])
            {
                await output.WriteLineAsync($"    REMAINING {item.Kind} {item.Id} {item.Symbol} {item.PlanType ?? item.Side}: {item.Reason}").ConfigureAwait(false);
            }

            foreach (var item in target.WouldCancel ?? [])
            {
                await output.WriteLineAsync($"    {item.Reason}: {item.Kind} {item.Id} {item.Symbol} {item.PlanType ?? item.Side} {item.Size}").ConfigureAwait(false);
            }

            if (target.Preview is { } preview)
            {
                await output.WriteLineAsync("    would send:").ConfigureAwait(false);
                foreach (var line in preview.Split('\n'))
                {
                    await output.WriteLineAsync("      " + line.TrimEnd('\r')).ConfigureAwait(false);
                }
            }
        }
    }
}
