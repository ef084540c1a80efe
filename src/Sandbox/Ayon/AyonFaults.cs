using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// A fault injected on the emulator for requests matching <see cref="Method"/> (null = any) and
/// <see cref="PathPrefix"/> (e.g. <c>/api/events</c>): first wait <see cref="Delay"/>, then either drop the
/// connection (<see cref="Abort"/>), answer <see cref="StatusCode"/> with an AYON error body, or — with
/// neither — continue normally. Applies to the next <see cref="Times"/> matching requests, or until cleared.
/// </summary>
public sealed record AyonFault
{
    public string? Method { get; init; }
    public required string PathPrefix { get; init; }
    public int? StatusCode { get; init; }
    public TimeSpan? Delay { get; init; }
    public bool Abort { get; init; }

    /// <summary>How many matching requests it applies to; null = until cleared.</summary>
    public int? Times { get; init; }
}

/// <summary>A registered fault; <see cref="Hits"/> counts the requests it has affected.</summary>
public sealed class AyonFaultHandle
{
    private int _hits;
    private int _remaining;

    internal AyonFaultHandle(AyonFault fault)
    {
        Fault = fault;
        _remaining = fault.Times ?? int.MaxValue;
    }

    public AyonFault Fault { get; }

    public int Hits => Volatile.Read(ref _hits);

    internal bool TryTake()
    {
        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
    }
}

/// <summary>Fault registry and per-route request counters of one emulator.</summary>
internal sealed partial class AyonFaults
{
    private readonly List<AyonFaultHandle> _faults = [];
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public AyonFaultHandle Add(AyonFault fault)
    {
        var handle = new AyonFaultHandle(fault);
        lock (_faults)
        {
            _faults.Add(handle);
        }

        return handle;
    }

    public bool Remove(AyonFaultHandle handle)
    {
        lock (_faults)
        {
            return _faults.Remove(handle);
        }
    }

    public void Clear()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public AyonFault? Match(string method, string path)
    {
        lock (_faults)
        {
            foreach (var handle in _faults)
            {
                var f = handle.Fault;
                if ((f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
                    && path.StartsWith(f.PathPrefix, StringComparison.Ordinal) && handle.TryTake())
                {
                    return f;
                }
            }
        }

        return null;
    }

    public void Count(string method, string path) =>
        _counts.AddOrUpdate($"{method.ToUpperInvariant()} {IdSegment().Replace(path, "{id}")}", 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    public long CountOf(string? method, string pathPrefix)
    {
        var normalized = IdSegment().Replace(pathPrefix, "{id}");
        return _counts.Where(kv =>
        {
            var space = kv.Key.IndexOf(' ', StringComparison.Ordinal);
            var m = kv.Key[..space];
            var p = kv.Key[(space + 1)..];
            return (method is null || string.Equals(m, method, StringComparison.OrdinalIgnoreCase))
                && (p.StartsWith(pathPrefix, StringComparison.Ordinal) || p.StartsWith(normalized, StringComparison.Ordinal));
        }).Sum(kv => kv.Value);
    }

    public void ResetCounts() => _counts.Clear();

    [GeneratedRegex("(?<=/)[0-9a-f]{32}(?=/|$)")]
    private static partial Regex IdSegment();
}
