namespace CancelAll.Core.Exchange;

/// <summary>
/// One cancelled order. Its ids stay the UTF-8 bytes the answer carried (unescaped, exact: an id sent as a number
/// keeps every digit and leading zero) until someone asks for a string; <see cref="OrderIdUtf8"/> and
/// <see cref="ClientOidUtf8"/> hand them out without one. An order without an id has an empty one.
/// </summary>
public readonly struct CancelledOrder : IEquatable<CancelledOrder>, IArenaRecord<CancelledOrder>
{
    private const int OrderIdField = 0;
    private const int ClientOidField = 1;

    private readonly Utf8Arena? arena;
    private readonly int first;

    public CancelledOrder(string orderId, string? clientOid)
        : this(Utf8Arena.Of(orderId, clientOid), 0)
    {
    }

    private CancelledOrder(Utf8Arena arena, int first)
    {
        this.arena = arena;
        this.first = first;
    }

    static int IArenaRecord<CancelledOrder>.FieldCount => 2;

    public string OrderId => Fields.GetString(first + OrderIdField) ?? string.Empty;

    public string? ClientOid => Fields.GetString(first + ClientOidField);

    public ReadOnlySpan<byte> OrderIdUtf8 => Fields.Utf8(first + OrderIdField);

    /// <summary>The client id's bytes; empty when there is none (see <see cref="HasClientOid"/>).</summary>
    public ReadOnlySpan<byte> ClientOidUtf8 => Fields.Utf8(first + ClientOidField);

    public bool HasClientOid => !Fields.IsNull(first + ClientOidField);

    private Utf8Arena Fields => arena ?? Utf8Arena.Nulls;

    public static bool operator ==(CancelledOrder left, CancelledOrder right) => left.Equals(right);

    public static bool operator !=(CancelledOrder left, CancelledOrder right) => !left.Equals(right);

    static CancelledOrder IArenaRecord<CancelledOrder>.At(Utf8Arena arena, int firstField) => new(arena, firstField);

    public bool Equals(CancelledOrder other) =>
        OrderIdUtf8.SequenceEqual(other.OrderIdUtf8)
        && Utf8Arena.SameText(Fields, first + ClientOidField, other.Fields, other.first + ClientOidField);

    public override bool Equals(object? obj) => obj is CancelledOrder other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(OrderIdUtf8);
        return hash.ToHashCode();
    }

    public override string ToString() => $"CancelledOrder {{ OrderId = {OrderId}, ClientOid = {ClientOid} }}";
}
