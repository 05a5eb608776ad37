namespace Tchek.Events.StatusPoller.OperatorConsole.Overview;

/// <summary>
/// The newest <see cref="Capacity"/> items, oldest first: a fixed array, so the history's memory is
/// bounded whatever the uptime. Not thread-safe (<see cref="OverviewHistory"/> locks around it).
/// </summary>
internal sealed class SampleRing<T>
{
    private readonly T[] _items;
    private int _start;

    public SampleRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
    }

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    /// <summary>Appends <paramref name="item"/>; when full, the oldest item goes.</summary>
    public void Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = item;
            Count++;
            return;
        }

        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }

    /// <summary>A copy of the items, oldest first.</summary>
    public T[] ToArray()
    {
        var copy = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            copy[i] = _items[(_start + i) % _items.Length];
        }

        return copy;
    }
}
