using System.Text;

namespace CancelAll.Core.Exchange;

/// <summary>
/// The text fields of (up to <see cref="Utf8ArenaBuilder.PageSize"/> of) an answer's orders (ids, client ids, error
/// codes and messages) as unescaped UTF-8 in one exact-size buffer, instead of one .NET string per field: 1,000
/// orders are two arrays, not 3,000 objects. Field <c>i</c> is <c>bytes[slots[2i] .. slots[2i] + slots[2i + 1]]</c>; a length of -1 is JSON null (or
/// absent), so that null and "" stay apart. Built by <see cref="Utf8ArenaBuilder"/>; immutable once built.
/// </summary>
internal sealed class Utf8Arena
{
    private readonly byte[] bytes;
    private readonly int[] slots;

    public Utf8Arena(byte[] bytes, int[] slots)
    {
        this.bytes = bytes;
        this.slots = slots;
    }

    /// <summary>Four null fields: what a record made with <c>default</c> reads as (every record has at most four).</summary>
    public static Utf8Arena Nulls { get; } = Of(null, null, null, null);

    public int FieldCount => slots.Length / 2;

    public bool IsNull(int field) => slots[(2 * field) + 1] < 0;

    /// <summary>The field's UTF-8 bytes; empty for null.</summary>
    public ReadOnlySpan<byte> Utf8(int field)
    {
        var length = slots[(2 * field) + 1];
        return length <= 0 ? default : bytes.AsSpan(slots[2 * field], length);
    }

    public string? GetString(int field) => IsNull(field) ? null : Encoding.UTF8.GetString(Utf8(field));

    /// <summary>Whether two fields hold the same text (both null counts as the same).</summary>
    public static bool SameText(Utf8Arena a, int fieldOfA, Utf8Arena b, int fieldOfB) =>
        a.IsNull(fieldOfA) == b.IsNull(fieldOfB) && a.Utf8(fieldOfA).SequenceEqual(b.Utf8(fieldOfB));

    /// <summary>An arena of the given strings, for an order that did not come from an answer's bytes (V3 one-by-one cancels, tests).</summary>
    public static Utf8Arena Of(params ReadOnlySpan<string?> fields)
    {
        using var builder = new Utf8ArenaBuilder(fields.Length);
        var first = builder.AddRecord();
        for (var i = 0; i < fields.Length; i++)
        {
            builder.Set(first + i, fields[i]);
        }

        return builder.Build()[0];
    }
}
