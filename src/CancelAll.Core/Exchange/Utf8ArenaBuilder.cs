using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Gathers an answer's records (orders), as they come, in pooled buffers, and hands them over as exact-size
/// <see cref="Utf8Arena"/> pages of <see cref="PageSize"/> records. Pages keep each array small enough for the
/// ordinary heap (10,000 orders in one arena would be a 420 KB array on the large-object heap, whose allocations
/// cost gen 2 collections). The one copy of a page into exact-size arrays spares a second pass over the JSON (to size
/// them first) and an arena that keeps a pooled, oversized buffer alive.
/// </summary>
internal sealed class Utf8ArenaBuilder(int fieldsPerRecord) : IDisposable
{
    /// <summary>Records per page: 1024 orders of Bitget's ids take about 43 KB of bytes and 16 KB of slots.</summary>
    public const int PageSize = 1024;

    private readonly List<Utf8Arena> pages = [];

    /// <summary>The field a property name (the reader's current token) goes to, or -1 for one to skip.</summary>
    public delegate int FieldOf(ref Utf8JsonReader reader);

    // Sized for a page of Bitget's ids (about 43 KB), so that a page never regrows; longer text grows it.
    private byte[] bytes = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int[] slots = ArrayPool<int>.Shared.Rent(PageSize * 2 * fieldsPerRecord);
    private int length;
    private int slotCount;

    public int FieldsPerRecord => fieldsPerRecord;

    /// <summary>Adds a record, all its fields null until set; returns its first field in the current page.</summary>
    public int AddRecord()
    {
        if (slotCount == PageSize * 2 * fieldsPerRecord)
        {
            pages.Add(Seal());
            length = 0;
            slotCount = 0;
        }

        var first = slotCount / 2;
        var needed = slotCount + (2 * fieldsPerRecord);
        if (needed > slots.Length)
        {
            slots = Grow(slots, slotCount, needed);
        }

        for (var i = slotCount; i < needed; i += 2)
        {
            slots[i] = length;
            slots[i + 1] = -1;
        }

        slotCount = needed;
        return first;
    }

    /// <summary>
    /// Adds the JSON object at the reader (its StartObject) as one record: <paramref name="fieldOf"/> maps a property
    /// name to its field; a name it does not know (-1), or a field beyond <see cref="FieldsPerRecord"/>, is skipped,
    /// whatever its shape.
    /// </summary>
    public void AddObject(ref Utf8JsonReader reader, FieldOf fieldOf)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An order must be an object, not {reader.TokenType}.");
        }

        var first = AddRecord();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = fieldOf(ref reader);
            reader.Read();
            if (field < 0 || field >= fieldsPerRecord)
            {
                reader.Skip();
            }
            else
            {
                Set(first + field, ref reader);
            }
        }
    }

    /// <summary>
    /// Sets a field from the reader's current token: a string (unescaped), a number (its text: an id sent as a number
    /// keeps every digit) or null. Anything else, or text that is not valid UTF-8, is not an order field.
    /// </summary>
    public void Set(int field, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var destination = Reserve(reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length);
                var written = reader.CopyString(destination);
                if (!Utf8.IsValid(destination[..written]))
                {
                    throw new JsonException("An order field is not valid UTF-8.");
                }

                Commit(field, written);
                break;
            case JsonTokenType.Number:
                var size = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                if (reader.HasValueSequence)
                {
                    reader.ValueSequence.CopyTo(Reserve(size));
                }
                else
                {
                    reader.ValueSpan.CopyTo(Reserve(size));
                }

                Commit(field, size);
                break;
            case JsonTokenType.Null:
                slots[(2 * field) + 1] = -1;
                break;
            default:
                throw new JsonException($"An order field must be a string, a number or null, not {reader.TokenType}.");
        }
    }

    public void Set(int field, string? value)
    {
        if (value is null)
        {
            slots[(2 * field) + 1] = -1;
            return;
        }

        var written = Encoding.UTF8.GetBytes(value, Reserve(Encoding.UTF8.GetByteCount(value)));
        Commit(field, written);
    }

    /// <summary>The records so far, in pages of arrays of their exact size.</summary>
    public Utf8Arena[] Build()
    {
        if (slotCount > 0)
        {
            pages.Add(Seal());
            length = 0;
            slotCount = 0;
        }

        return [.. pages];
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(bytes);
        ArrayPool<int>.Shared.Return(slots);
        bytes = [];
        slots = [];
    }

    private Utf8Arena Seal() => new(bytes.AsSpan(0, length).ToArray(), slots.AsSpan(0, slotCount).ToArray());

    private Span<byte> Reserve(int size)
    {
        if (length + size > bytes.Length)
        {
            bytes = Grow(bytes, length, length + size);
        }

        return bytes.AsSpan(length, size);
    }

    private void Commit(int field, int written)
    {
        slots[2 * field] = length;
        slots[(2 * field) + 1] = written;
        length += written;
    }

    private static T[] Grow<T>(T[] buffer, int used, int needed)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<T>.Shared.Return(buffer);
        return larger;
    }
}
