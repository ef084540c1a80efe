using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace AyonFtrack.Features.Common;

/// <summary>A value read through an <see cref="ExpiringCache{TKey, TValue}"/>, and whether it came from the cache (not read just now).</summary>
public readonly record struct CachedRead<T>(T Value, bool FromCache);

/// <summary>
/// A small thread-safe cache whose entries expire <c>ttl</c> after they were stored, on the injected
/// <see cref="TimeProvider"/>. A TTL of zero stores nothing (every read loads). Expired entries are dropped when they
/// are next read, and all of them whenever the cache holds more than <see cref="PruneAbove"/> entries. Concurrent misses
/// of one key may each load (the last store wins); callers keep loads idempotent reads.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Above this many entries a store first drops every expired entry.</summary>
    public const int PruneAbove = 1024;

    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    /// <summary>A cache with entries living <paramref name="ttl"/> (zero: no caching).</summary>
    public ExpiringCache(TimeProvider time, TimeSpan ttl, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.Zero);
        _time = time;
        _ttl = ttl;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer ?? EqualityComparer<TKey>.Default);
    }

    /// <summary>How long an entry lives.</summary>
    public TimeSpan Ttl => _ttl;

    /// <summary>Number of entries held, expired ones included until they are dropped.</summary>
    public int Count => _entries.Count;

    /// <summary>The live value of <paramref name="key"/>; false when there is none or it expired.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (!IsExpired(entry))
            {
                value = entry.Value;
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        value = default;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="key"/> from now (nothing when the TTL is zero).</summary>
    public void Set(TKey key, TValue value)
    {
        if (_ttl <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= PruneAbove)
        {
            foreach (var (k, entry) in _entries)
            {
                if (IsExpired(entry))
                {
                    _entries.TryRemove(KeyValuePair.Create(k, entry));
                }
            }
        }

        _entries[key] = new Entry(value, _time.GetUtcNow());
    }

    /// <summary>
    /// The live value of <paramref name="key"/>, else <paramref name="loadAsync"/>'s result, stored unless
    /// <paramref name="store"/> says no (e.g. a "not found" that should be looked up again next time).
    /// </summary>
    public async Task<CachedRead<TValue>> GetOrLoadAsync(TKey key, Func<CancellationToken, Task<TValue>> loadAsync, Func<TValue, bool>? store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadAsync);
        if (TryGet(key, out var cached))
        {
            return new CachedRead<TValue>(cached, FromCache: true);
        }

        var loaded = await loadAsync(cancellationToken);
        if (store is null || store(loaded))
        {
            Set(key, loaded);
        }

        return new CachedRead<TValue>(loaded, FromCache: false);
    }

    /// <summary>Drops the entry of <paramref name="key"/>; true when there was one.</summary>
    public bool Forget(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>Drops every entry.</summary>
    public void Clear() => _entries.Clear();

    private bool IsExpired(Entry entry) => _time.GetUtcNow() - entry.StoredAt >= _ttl;

    private sealed record Entry(TValue Value, DateTimeOffset StoredAt);
}
