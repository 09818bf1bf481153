namespace CancelAll.Core.Outcomes;

/// <summary>Names of the steps a target goes through, in the order flatten runs them.</summary>
public static class StepNames
{
    public const string CancelOrders = "cancel-orders";
    public const string CancelEntryPlans = "cancel-entry-plans";
    public const string ClosePositions = "close-positions";
    public const string CancelProtectivePlans = "cancel-tpsl";
    public const string Verify = "verify";

    /// <summary>The account answered in the other mode (40084 / 40085): the run switched API family once and retried the step.</summary>
    public const string AccountModeSwitched = "account-mode-switched";
}
