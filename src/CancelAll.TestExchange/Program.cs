using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CancelAll.TestExchange;

// Standalone test exchange: see ExchangeCommandLine.Usage (--help).
var commandLine = ExchangeCommandLine.Parse(args, out var error);
if (commandLine is null)
{
    await Console.Error.WriteLineAsync($"error: {error} Run with --help for the options.");
    return 2;
}

if (commandLine.Help)
{
    await Console.Out.WriteLineAsync(ExchangeCommandLine.Usage);
    return 0;
}

if (commandLine.Stdin && await commandLine.ReadAccountsAsync(Console.In) is { } stdinError)
{
    await Console.Error.WriteLineAsync($"error: {stdinError}");
    return 2;
}

var stop = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

TestExchange exchange;
try
{
    exchange = await TestExchange.StartAsync(new TestExchangeOptions
    {
        Port = commandLine.Port,
        RequestsPerSecondPerKey = commandLine.RateLimit,
        RecordRequests = false,
    });
}
catch (IOException e) when (e.InnerException is SocketException || e.GetType().Name == "AddressInUseException")
{
    await Console.Error.WriteLineAsync($"error: port {commandLine.Port} on 127.0.0.1 is in use: choose another --port, or 0 for a free one.");
    return 1;
}

await using (exchange)
{
    exchange.Faults.Delay = TimeSpan.FromMilliseconds(commandLine.DelayMilliseconds);
    var accounts = commandLine.Accounts.Count > 0 ? commandLine.Accounts : [GeneratedAccount(commandLine)];
    foreach (var account in accounts)
    {
        Seed(exchange, account, commandLine);
    }

    // The first line is the address, so that scripts can read it; everything else goes to standard error.
    await Console.Out.WriteLineAsync(exchange.BaseUri.ToString());
    await Console.Out.FlushAsync();
    await Console.Error.WriteLineAsync(StartupBanner.Describe(exchange.BaseUri, accounts, generated: commandLine.Accounts.Count == 0));

    if (commandLine.Stdin)
    {
        // The parent's lifetime is this one's: standard input closes when the parent closes it, or exits in any way.
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is not null)
            {
            }

            stop.TrySetResult("standard input closed");
        });
    }

    var signal = await stop.Task;
    await Console.Error.WriteLineAsync($"{signal}: stopping.");
    if (commandLine.Stdin)
    {
        foreach (var account in accounts)
        {
            var book = exchange.Book(account.ApiKey);
            await Console.Out.WriteLineAsync($"book {account.ApiKey}: {book.OpenOrders.Count} open order(s), {book.OpenPlans.Count + book.OpenStrategyOrders.Count} plan/strategy order(s), {book.OpenPositions.Count} position(s)");
        }

        await Console.Out.FlushAsync();
    }
}

await Console.Error.WriteLineAsync("stopped.");
return 0;

void Stop(PosixSignalContext context)
{
    // Cancel the default (immediate exit) so that the exchange stops cleanly, then returns 0. Under a parent (--stdin)
    // the signal is the parent's to handle: a terminal's Ctrl-C reaches the whole process group, and the parent's
    // steps under way must still be answered. The parent stops this one by closing standard input.
    context.Cancel = true;
    if (!commandLine.Stdin)
    {
        stop.TrySetResult(context.Signal.ToString());
    }
}

static ExchangeAccount GeneratedAccount(ExchangeCommandLine commandLine) => new(
    "bg_local_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
    Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(),
    "local" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
    commandLine.Demo,
    commandLine.Mode);

static void Seed(TestExchange exchange, ExchangeAccount account, ExchangeCommandLine commandLine)
{
    var book = exchange.AddAccount(account);
    book.HedgeMode = commandLine.Hedge;
    book.RefillAfterCancel = commandLine.Refill;
    book.CountdownAccess = commandLine.CountdownAccess;
    var key = account.ApiKey;
    exchange.AddOrders(key, "USDT-FUTURES", "USDT", commandLine.Orders);
    if (!commandLine.Seed)
    {
        return;
    }

    exchange.AddOrders(key, "USDT-FUTURES", "USDT", 3);
    exchange.AddOrders(key, "USDC-FUTURES", "USDC", 2);
    exchange.AddOrders(key, "COIN-FUTURES", "BTC", 2);
    // For --scope entries and flatten: entry orders, TP/SL protecting a position, and the position itself.
    if (account.Mode == AccountMode.Unified)
    {
        exchange.AddStrategyOrder(key, "USDT-FUTURES", "BTCUSDT", "trigger");
        exchange.AddStrategyOrder(key, "USDT-FUTURES", "ETHUSDT", "trigger");
        exchange.AddStrategyOrder(key, "USDT-FUTURES", "BTCUSDT", "tpsl");
        exchange.AddStrategyOrder(key, "USDT-FUTURES", "BTCUSDT", "tpsl", "short");
        exchange.AddUtaPosition(key, "USDT-FUTURES", "BTCUSDT", "long");
    }
    else
    {
        exchange.AddPlan(key, "USDT-FUTURES", "USDT", "normal_plan", "BTCUSDT");
        exchange.AddPlan(key, "USDT-FUTURES", "USDT", "track_plan", "ETHUSDT");
        exchange.AddPlan(key, "USDT-FUTURES", "USDT", "pos_profit", "BTCUSDT");
        exchange.AddPlan(key, "USDT-FUTURES", "USDT", "pos_loss", "BTCUSDT");
        exchange.AddPosition(key, "USDT-FUTURES", "USDT", "BTCUSDT", "long");
    }
}
