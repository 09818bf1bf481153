using System.Globalization;
using System.Text.Json.Nodes;

namespace CancelAll.TestExchange;

/// <summary>V3 countdown-cancel-all: the dead-man switch, timed by the exchange's <see cref="TimeProvider"/>.</summary>
public sealed partial class TestExchange
{
    /// <summary>
    /// Code for an account without countdown access. Bitget's answer is not documented (access is granted on request);
    /// this guess reuses V2's 40014 "Incorrect permissions".
    /// </summary>
    public const string CountdownAccessDeniedCode = "40014";

    /// <summary>Lets the account use countdown-cancel-all, as Bitget does on request.</summary>
    public void GrantCountdownAccess(string apiKey, bool granted = true) => books[apiKey].CountdownAccess = granted;

    /// <summary>
    /// POST /api/v3/trade/countdown-cancel-all: countdown "5".."60" seconds arms or refreshes the switch, "0" switches it off.
    /// When the window passes without a refresh, every order of the account is cancelled and the switch turns itself off.
    /// </summary>
    private (int Status, JsonObject Body) CountdownCancelAll(SignedCall call, Dictionary<string, string> parameters)
    {
        var book = call.Book;
        if (!book.CountdownAccess)
        {
            return Reject(400, CountdownAccessDeniedCode, "Incorrect permissions: countdown-cancel-all needs access granted by Bitget");
        }

        if (!parameters.TryGetValue("countdown", out var raw)
            || !int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds is not (0 or (>= 5 and <= 60)))
        {
            return Reject(400, UnifiedParameterError, "Parameter verification failed: countdown is 5 to 60 seconds, or 0 to switch it off");
        }

        lock (book.Sync)
        {
            if (seconds == 0)
            {
                book.DisarmCountdown();
            }
            else
            {
                book.ArmCountdown(TimeSpan.FromSeconds(seconds), options.TimeProvider, () => CancelEverything(book));
            }
        }

        return (200, Envelope("00000", "success", "success"));
    }

    /// <summary>Called under the book's lock when its countdown lapses: cancels all its orders (strategy orders as the quirk says).</summary>
    private void CancelEverything(AccountBook book)
    {
        book.Orders.RemoveAll(o => !Faults.FailingOrders.ContainsKey(o.OrderId));
        if (Quirks.CountdownCancelsStrategyOrders)
        {
            book.Strategies.RemoveAll(s => !Faults.FailingOrders.ContainsKey(s.OrderId));
        }
    }
}
