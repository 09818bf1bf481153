namespace CancelAll.Core.Exchange;

/// <summary>Kinds of things a target can hold, as named in outcomes.</summary>
internal static class ItemKinds
{
    public const string Order = "order";
    public const string EntryPlan = "entryPlan";
    public const string ProtectivePlan = "tpsl";
    public const string Position = "position";

    /// <summary>A conditional (strategy) order of a type this service does not know: never skipped, always reported.</summary>
    public const string UnknownPlan = "unknownPlan";
}
