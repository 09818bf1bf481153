namespace CancelAll.Core.Replies;

/// <summary>What one step did (cancel-orders, cancel-entry-plans, close-positions, cancel-tpsl, verify); <see cref="Round"/> counts verify's re-runs.</summary>
public sealed record ReplyStep(string Name, string? PlanType, int Round, int Done, int Failed, IReadOnlyList<string> FailedItems, ReplyError? Error);
