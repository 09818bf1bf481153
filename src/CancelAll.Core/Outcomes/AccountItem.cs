namespace CancelAll.Core.Outcomes;

/// <summary>
/// A thing the account holds: an order, a plan order or a position. In <c>Remaining</c>, <see cref="Reason"/> says
/// why it is still there; in <c>WouldCancel</c> (a dry run), what the command would do to it.
/// </summary>
public sealed record AccountItem(
    string Kind,
    string Id,
    string? Symbol,
    string? MarginCoin,
    string? PlanType,
    string? Side,
    string? Size,
    string Reason);
