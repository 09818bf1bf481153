namespace CancelAll.Core.Exchange;

/// <summary>A record whose fields live in a <see cref="Utf8Arena"/>: <see cref="ArenaList{T}"/> hands them out by index.</summary>
internal interface IArenaRecord<TSelf>
    where TSelf : struct, IArenaRecord<TSelf>
{
    static abstract int FieldCount { get; }

    static abstract TSelf At(Utf8Arena arena, int firstField);
}
