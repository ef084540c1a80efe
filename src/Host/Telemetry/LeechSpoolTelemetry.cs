using System.Collections.Concurrent;
using AyonFtrack.Features.Leech;

namespace AyonFtrack.Host.Telemetry;

/// <summary>
/// The leecher's spool, measured: events in (appended, per ftrack topic), events out (stored in AYON, per topic), dead
/// letters, the depth and the age of the oldest event still waiting (the leecher's queue lag). It wraps the real
/// spool and changes nothing of what it does. Events already spooled when the service started count from that moment.
/// </summary>
public sealed class LeechSpoolTelemetry : ILeechSpool
{
    private readonly ILeechSpool _inner;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?> _service = ServiceMetrics.ServiceTag("leecher");
    private readonly ConcurrentDictionary<long, string> _topics = new();
    private readonly LinkedList<(DateTimeOffset At, long Count)> _waiting = new();
    private readonly object _gate = new();
    private long _depth;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public LeechSpoolTelemetry(ILeechSpool inner, TimeProvider time)
    {
        _inner = inner;
        _time = time;
    }

    /// <summary>Events waiting now (as far as this process has seen: the first count, appends and removals).</summary>
    public long Depth
    {
        get
        {
            lock (_gate)
            {
                return _depth;
            }
        }
    }

    /// <summary>Seconds the oldest waiting event has waited; 0 when none waits.</summary>
    public double QueueLagSeconds
    {
        get
        {
            lock (_gate)
            {
                return _waiting.First is { } oldest ? Math.Max(0, (_time.GetUtcNow() - oldest.Value.At).TotalSeconds) : 0;
            }
        }
    }

    /// <summary>Counts what already waits (at start).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var count = await _inner.CountAsync(cancellationToken);
        lock (_gate)
        {
            // Events appended meanwhile are already counted; the rest waited from before the start.
            var before = count - _depth;
            if (before > 0)
            {
                _waiting.AddFirst((_time.GetUtcNow(), before));
                _depth = count;
            }
        }
    }

    /// <inheritdoc />
    public async Task AppendAsync(string hash, string topic, string description, string payloadJson, CancellationToken cancellationToken)
    {
        await _inner.AppendAsync(hash, topic, description, payloadJson, cancellationToken);
        lock (_gate)
        {
            _waiting.AddLast((_time.GetUtcNow(), 1));
            _depth++;
        }

        ServiceMetrics.EventsIn.Add(1, _service, new("topic", topic));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SpooledEvent>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        var events = await _inner.PeekAsync(max, cancellationToken);
        foreach (var item in events)
        {
            _topics[item.Sequence] = item.Topic;
        }

        return events;
    }

    /// <inheritdoc />
    public async Task RemoveAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        await _inner.RemoveAsync(sequences, cancellationToken);
        foreach (var sequence in sequences)
        {
            var topic = _topics.TryRemove(sequence, out var known) ? known : "unknown";
            ServiceMetrics.EventsOut.Add(1, _service, new("topic", topic), new("outcome", "stored"));
        }

        Left(sequences.Count);
    }

    /// <inheritdoc />
    public async Task DeadLetterAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        await _inner.DeadLetterAsync(sequence, reason, cancellationToken);
        var topic = _topics.TryRemove(sequence, out var known) ? known : "unknown";
        ServiceMetrics.EventsOut.Add(1, _service, new("topic", topic), new("outcome", "dead-lettered"));
        ServiceMetrics.DeadLetters.Add(1, _service, new("topic", topic), new("reason", "refused-by-ayon"));
        Left(1);
    }

    /// <inheritdoc />
    public async Task AddDeadLetterAsync(string hash, string topic, string description, string payload, string reason, CancellationToken cancellationToken)
    {
        await _inner.AddDeadLetterAsync(hash, topic, description, payload, reason, cancellationToken);
        ServiceMetrics.DeadLetters.Add(1, _service, new("topic", topic), new("reason", "refused-by-leecher"));
    }

    /// <inheritdoc />
    public Task<bool> ContainsTopicAsync(string topic, CancellationToken cancellationToken) => _inner.ContainsTopicAsync(topic, cancellationToken);

    /// <inheritdoc />
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var count = await _inner.CountAsync(cancellationToken);
        lock (_gate)
        {
            _depth = count;
        }

        return count;
    }

    /// <inheritdoc />
    public Task WaitForEventsAsync(CancellationToken cancellationToken) => _inner.WaitForEventsAsync(cancellationToken);

    /// <summary>Events leave the spool oldest first (the drainer removes in arrival order).</summary>
    private void Left(long count)
    {
        lock (_gate)
        {
            _depth = Math.Max(0, _depth - count);
            while (count > 0 && _waiting.First is { } oldest)
            {
                if (oldest.Value.Count > count)
                {
                    // Part of the run of events counted at start: the rest keeps its place at the head.
                    oldest.Value = (oldest.Value.At, oldest.Value.Count - count);
                    break;
                }

                count -= oldest.Value.Count;
                _waiting.RemoveFirst();
            }

            if (_depth == 0)
            {
                _waiting.Clear();
            }
        }
    }
}
