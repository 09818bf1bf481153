using CancelAll.Core.Credentials;
using CancelAll.TestExchange;
using LocalExchange = CancelAll.TestExchange.TestExchange;

namespace CancelAll.Core.Tests.TestExchangeTests;

/// <summary>A test exchange on 127.0.0.1 with one account, and a raw signed client for that account.</summary>
internal sealed class ExchangeFixture : IAsyncDisposable
{
    public const string ApiKey = "bg_uta_key_0001";
    private const string Secret = "uta-secret-0a1b2c3d4e5f60718293";
    private const string Passphrase = "uta-pass-0001";

    private ExchangeFixture(LocalExchange exchange, AccountBook book, SignedExchangeClient client)
    {
        Exchange = exchange;
        Book = book;
        Client = client;
    }

    public LocalExchange Exchange { get; }

    public AccountBook Book { get; }

    public SignedExchangeClient Client { get; }

    public static async Task<ExchangeFixture> StartAsync(AccountMode mode = AccountMode.Unified, bool demo = false, TestExchangeOptions? options = null)
    {
        var exchange = await LocalExchange.StartAsync(options);
        var book = exchange.AddAccount(new ExchangeAccount(ApiKey, Secret, Passphrase, demo, mode));
        var client = new SignedExchangeClient(exchange.BaseUri, new ApiCredentials(ApiKey, Secret, Passphrase, demo), () => exchange.Now);
        return new ExchangeFixture(exchange, book, client);
    }

    /// <summary>A client for the same key that signs with the wrong secret.</summary>
    public SignedExchangeClient WrongSecretClient() =>
        new(Exchange.BaseUri, new ApiCredentials(ApiKey, "not-the-secret", Passphrase), () => Exchange.Now);

    /// <summary>A client for the same key whose clock is <paramref name="offset"/> away from the exchange's.</summary>
    public SignedExchangeClient SkewedClient(TimeSpan offset) =>
        new(Exchange.BaseUri, new ApiCredentials(ApiKey, Secret, Passphrase, Book.Account.Demo), () => Exchange.Now + offset);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Exchange.DisposeAsync();
    }
}
