using System.Collections;

namespace CancelAll.Core.Exchange;

/// <summary>
/// An answer's orders as a list over their <see cref="Utf8Arena"/> pages (<see cref="Utf8ArenaBuilder.PageSize"/>
/// orders each, the last one fewer): each order is made (a small struct, no allocation) when it is read, so the list
/// itself costs the arenas and nothing per order.
/// </summary>
internal sealed class ArenaList<T>(Utf8Arena[] pages) : IReadOnlyList<T>
    where T : struct, IArenaRecord<T>
{
    private const int PageSize = Utf8ArenaBuilder.PageSize;

    public static ArenaList<T> Empty { get; } = new([]);

    public int Count { get; } = pages.Length == 0 ? 0 : ((pages.Length - 1) * PageSize) + (pages[^1].FieldCount / T.FieldCount);

    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return T.At(pages[index / PageSize], index % PageSize * T.FieldCount);
        }
    }

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var page in pages)
        {
            for (var first = 0; first < page.FieldCount; first += T.FieldCount)
            {
                yield return T.At(page, first);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
