using System.Collections;

namespace CancelAll.TestExchange;

/// <summary>
/// Open orders of one kind, oldest first: adding, finding and cancelling one order by id take O(1), so cancelling a
/// book of n orders takes O(n) (a list's Remove made it O(n²)). Ids are decimal numbers that grow with placement, so
/// "older than a cursor" is a walk back from the cursor. Not thread-safe: the account's lock guards it.
/// </summary>
internal sealed class OrderBook<T>(Func<T, string> idOf) : IEnumerable<T>
    where T : class
{
    private readonly LinkedList<T> byAge = new();
    private readonly Dictionary<string, LinkedListNode<T>> byId = new(StringComparer.Ordinal);

    public int Count => byId.Count;

    public void Add(T order) => byId.Add(idOf(order), byAge.AddLast(order));

    public void AddRange(IEnumerable<T> orders)
    {
        foreach (var order in orders)
        {
            Add(order);
        }
    }

    public T? Find(string orderId) => byId.TryGetValue(orderId, out var node) ? node.Value : null;

    public bool Remove(T order) => Remove(idOf(order));

    public bool Remove(string orderId)
    {
        if (!byId.Remove(orderId, out var node))
        {
            return false;
        }

        byAge.Remove(node);
        return true;
    }

    /// <summary>Removes every order that <paramref name="match"/> selects, in one pass.</summary>
    public int RemoveAll(Func<T, bool> match)
    {
        var removed = 0;
        for (var node = byAge.First; node is not null;)
        {
            var next = node.Next;
            if (match(node.Value))
            {
                byId.Remove(idOf(node.Value));
                byAge.Remove(node);
                removed++;
            }

            node = next;
        }

        return removed;
    }

    /// <summary>
    /// Newest first, and only orders older than <paramref name="beforeId"/> when it is given: from the cursor's own order
    /// when that is still open (O(1) to start), else by comparing ids from the newest end.
    /// </summary>
    public IEnumerable<T> NewestFirst(string? beforeId = null)
    {
        var node = byAge.Last;
        if (beforeId is not null)
        {
            if (byId.TryGetValue(beforeId, out var cursor))
            {
                node = cursor.Previous;
            }
            else
            {
                while (node is not null && CompareIds(idOf(node.Value), beforeId) >= 0)
                {
                    node = node.Previous;
                }
            }
        }

        for (; node is not null; node = node.Previous)
        {
            yield return node.Value;
        }
    }

    public IEnumerator<T> GetEnumerator() => byAge.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Compares two decimal ids without leading zeros: the longer is larger, else the ordinal order.</summary>
    private static int CompareIds(string left, string right) =>
        left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);
}
