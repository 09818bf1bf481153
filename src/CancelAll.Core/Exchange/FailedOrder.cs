namespace CancelAll.Core.Exchange;

/// <summary>
/// One order the cancel could not cancel, with Bitget's error code and message. Like <see cref="CancelledOrder"/>, its
/// text stays the answer's UTF-8 bytes until someone asks for a string.
/// </summary>
public readonly struct FailedOrder : IEquatable<FailedOrder>, IArenaRecord<FailedOrder>
{
    private const int OrderIdField = 0;
    private const int ClientOidField = 1;
    private const int ErrorCodeField = 2;
    private const int ErrorMessageField = 3;

    private readonly Utf8Arena? arena;
    private readonly int first;

    public FailedOrder(string orderId, string? clientOid, string? errorCode, string? errorMessage)
        : this(Utf8Arena.Of(orderId, clientOid, errorCode, errorMessage), 0)
    {
    }

    private FailedOrder(Utf8Arena arena, int first)
    {
        this.arena = arena;
        this.first = first;
    }

    static int IArenaRecord<FailedOrder>.FieldCount => 4;

    public string OrderId => Fields.GetString(first + OrderIdField) ?? string.Empty;

    public string? ClientOid => Fields.GetString(first + ClientOidField);

    public string? ErrorCode => Fields.GetString(first + ErrorCodeField);

    public string? ErrorMessage => Fields.GetString(first + ErrorMessageField);

    public ReadOnlySpan<byte> OrderIdUtf8 => Fields.Utf8(first + OrderIdField);

    /// <summary>The client id's bytes; empty when there is none (see <see cref="HasClientOid"/>).</summary>
    public ReadOnlySpan<byte> ClientOidUtf8 => Fields.Utf8(first + ClientOidField);

    public bool HasClientOid => !Fields.IsNull(first + ClientOidField);

    private Utf8Arena Fields => arena ?? Utf8Arena.Nulls;

    public static bool operator ==(FailedOrder left, FailedOrder right) => left.Equals(right);

    public static bool operator !=(FailedOrder left, FailedOrder right) => !left.Equals(right);

    static FailedOrder IArenaRecord<FailedOrder>.At(Utf8Arena arena, int firstField) => new(arena, firstField);

    public bool Equals(FailedOrder other) =>
        OrderIdUtf8.SequenceEqual(other.OrderIdUtf8)
        && Utf8Arena.SameText(Fields, first + ClientOidField, other.Fields, other.first + ClientOidField)
        && Utf8Arena.SameText(Fields, first + ErrorCodeField, other.Fields, other.first + ErrorCodeField)
        && Utf8Arena.SameText(Fields, first + ErrorMessageField, other.Fields, other.first + ErrorMessageField);

    public override bool Equals(object? obj) => obj is FailedOrder other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(OrderIdUtf8);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"FailedOrder {{ OrderId = {OrderId}, ClientOid = {ClientOid}, ErrorCode = {ErrorCode}, ErrorMessage = {ErrorMessage} }}";
}
