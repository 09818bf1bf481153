using System.Collections;

namespace CancelAll.Core.Exchange;

/// <summary>
/// An answer's orders as a list over their <see cref="Utf8Arena"/>: each order is made (a small struct, no
/// allocation) when it is read, so the list itself costs the arena and nothing per order.
/// </summary>
internal sealed class ArenaList<T>(Utf8Arena arena) : IReadOnlyList<T>
    where T : struct, IArenaRecord<T>
{
    public static ArenaList<T> Empty { get; } = new(Utf8Arena.Empty);

    public int Count { get; } = arena.FieldCount / T.FieldCount;

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return T.At(arena, index * T.FieldCount);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return T.At(arena, i * T.FieldCount);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
