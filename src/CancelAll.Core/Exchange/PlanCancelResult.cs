namespace CancelAll.Core.Exchange;

/// <summary>What one cancel-plan-order call did.</summary>
public sealed record PlanCancelResult(string PlanType, IReadOnlyList<CancelledOrder> Cancelled, IReadOnlyList<FailedOrder> Failed, ExchangeCallStats Stats);
