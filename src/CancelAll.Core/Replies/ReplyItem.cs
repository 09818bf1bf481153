namespace CancelAll.Core.Replies;

/// <summary>
/// An order, plan order or position. <see cref="Kind"/> is order, entryPlan, tpsl, unknownPlan or position; the id of a
/// position is its symbol and side. <see cref="Reason"/> says why it is still open, or what a dry run would do to it.
/// </summary>
public sealed record ReplyItem(string Kind, string Id, string? Symbol, string? MarginCoin, string? PlanType, string? Side, string? Size, string Reason);
