using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using CancelAll.Core.Commands;
using CancelAll.Core.Tables;

namespace CancelAll.Core.Hold;

/// <summary>
/// One row per held target (PartitionKey <see cref="Partition"/>, RowKey <see cref="KeyOf"/>): the holds on it, the
/// widest scope they asked for, and the last interval slot a repeat claimed. Every change is conditional on the ETag, so
/// a slot is claimed once however many instances or redeliveries reach it.
/// </summary>
public sealed class HoldEntity : ITableRow
{
    public const string Partition = "hold";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    [JsonIgnore]
    public ETag ETag { get; set; }

    public string Account { get; set; } = string.Empty;

    /// <summary>A <see cref="Commands.ProductType"/> name.</summary>
    public string ProductType { get; set; } = string.Empty;

    public string? MarginCoin { get; set; }

    /// <summary>A <see cref="TradingEnvironment"/> name.</summary>
    public string Environment { get; set; } = string.Empty;

    /// <summary>A <see cref="CancelScope"/> name: the widest of the holds on this target.</summary>
    public string Scope { get; set; } = nameof(CancelScope.Orders);

    /// <summary>The holds on this target, as JSON: <c>[{"id":"...","until":"..."}]</c>. Empty once all are released.</summary>
    public string Holds { get; set; } = "[]";

    /// <summary>The last interval slot a repeat claimed; a repeat for this slot or an earlier one makes no exchange call.</summary>
    public long LastSlot { get; set; } = -1;

    /// <summary>The row key of a target: account, product type, coin and environment (none of Table storage's forbidden characters).</summary>
    public static string KeyOf(string account, CancelTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return $"{account}~{target.ProductType}~{target.MarginCoin ?? "ALL"}~{target.Environment}";
    }

    public CancelTarget Target() =>
        CancelTarget.Create(Enum.Parse<ProductType>(ProductType), MarginCoin, Enum.Parse<TradingEnvironment>(Environment));

    [JsonIgnore]
    public CancelScope HeldScope => Enum.TryParse<CancelScope>(Scope, out var scope) ? scope : CancelScope.Flatten;

    public IReadOnlyList<HeldBy> ReadHolds() => JsonSerializer.Deserialize(Holds, HoldJsonContext.Default.ListHeldBy) ?? [];

    public void WriteHolds(IEnumerable<HeldBy> holds) => Holds = JsonSerializer.Serialize(holds.ToList(), HoldJsonContext.Default.ListHeldBy);

}

/// <summary>One hold on a target: its id and its end.</summary>
public sealed record HeldBy(string Id, DateTimeOffset Until);
