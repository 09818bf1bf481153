using CancelAll.Core.Outcomes;

namespace CancelAll.Core.Kill;

/// <summary>What a target still holds that its scope is responsible for, by kind.</summary>
internal sealed class OpenItems
{
    public List<AccountItem> Orders { get; } = [];

    /// <summary>Entry orders, and conditional orders of an unknown type (which could open a position).</summary>
    public List<AccountItem> EntryPlans { get; } = [];

    public List<AccountItem> Positions { get; } = [];

    public List<AccountItem> ProtectivePlans { get; } = [];

    public int Count => Orders.Count + EntryPlans.Count + Positions.Count + ProtectivePlans.Count;

    public IEnumerable<AccountItem> All => Orders.Concat(EntryPlans).Concat(Positions).Concat(ProtectivePlans);
}
