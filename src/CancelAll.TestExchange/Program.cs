using System.Globalization;
using CancelAll.TestExchange;

// Standalone: dotnet run --project src/CancelAll.TestExchange -- [--port N] [--rate-limit N] [--account KEY:SECRET:PASSPHRASE[:demo]] [--orders N] [--refill N]
var options = new TestExchangeOptions { RecordRequests = false };
var accounts = new List<ExchangeAccount>();
var orders = 0;
var refill = 0;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--rate-limit": options.RequestsPerSecondPerKey = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--orders": orders = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--refill": refill = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--account":
            var parts = Next().Split(':');
            if (parts.Length is < 3 or > 4)
            {
                Console.Error.WriteLine("--account takes KEY:SECRET:PASSPHRASE[:demo]");
                return 2;
            }

            accounts.Add(new ExchangeAccount(parts[0], parts[1], parts[2], parts.Length == 4 && parts[3] == "demo"));
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}. Options: --port, --rate-limit, --account KEY:SECRET:PASSPHRASE[:demo], --orders, --refill");
            return 2;
    }
}

await using var exchange = await TestExchange.StartAsync(options);
foreach (var account in accounts)
{
    var book = exchange.AddAccount(account);
    book.RefillAfterCancel = refill;
    exchange.AddOrders(account.ApiKey, "USDT-FUTURES", "USDT", orders);
}

// The first line is the address, so that scripts can read it.
Console.WriteLine(exchange.BaseUri);
Console.Out.Flush();
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
return 0;
