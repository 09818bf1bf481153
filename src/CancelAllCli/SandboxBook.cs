namespace CancelAll.Cli;

/// <summary>What the sandbox's local exchange holds for its account, read after the run (so that what the outcome says can be checked).</summary>
internal sealed class SandboxBook(TestExchange.TestExchange exchange, string apiKey)
{
    public string Describe()
    {
        var book = exchange.Book(apiKey);
        return $"{book.OpenOrders.Count} open order(s), {book.OpenPlans.Count + book.OpenStrategyOrders.Count} plan/strategy order(s), {book.OpenPositions.Count} position(s)";
    }
}
