using System.Diagnostics.Metrics;
using AyonFtrack.Features.Leech;
using AyonFtrack.Host.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Telemetry;

public sealed class LeechSpoolTelemetryTests
{
    /// <summary>A list standing in for the SQLite spool.</summary>
    private sealed class ListSpool(int alreadyWaiting = 0) : ILeechSpool
    {
        private readonly List<SpooledEvent> _events = [.. Enumerable.Range(1, alreadyWaiting).Select(i => new SpooledEvent(i, $"old-{i}", "old.topic", "", "{}"))];
        private long _next = alreadyWaiting;

        public List<string> DeadLetters { get; } = [];

        public Task AppendAsync(string hash, string topic, string description, string payloadJson, CancellationToken cancellationToken)
        {
            _events.Add(new SpooledEvent(++_next, hash, topic, description, payloadJson));
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SpooledEvent>> PeekAsync(int max, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SpooledEvent>>([.. _events.Take(max)]);

        public Task RemoveAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
        {
            _events.RemoveAll(e => sequences.Contains(e.Sequence));
            return Task.CompletedTask;
        }

        public Task DeadLetterAsync(long sequence, string reason, CancellationToken cancellationToken)
        {
            DeadLetters.Add(_events.Single(e => e.Sequence == sequence).Hash);
            _events.RemoveAll(e => e.Sequence == sequence);
            return Task.CompletedTask;
        }

        public Task AddDeadLetterAsync(string hash, string topic, string description, string payload, string reason, CancellationToken cancellationToken)
        {
            DeadLetters.Add(hash);
            return Task.CompletedTask;
        }

        public Task<bool> ContainsTopicAsync(string topic, CancellationToken cancellationToken) => Task.FromResult(_events.Any(e => e.Topic == topic));

        public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_events.Count);

        public Task WaitForEventsAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Sums the leecher's events in/out and dead letters of one topic (tests run in parallel on the shared meter).</summary>
    private sealed class Sums : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _topic;

        public Sums(string topic)
        {
            _topic = topic;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                // By name: the instruments may be created after the listener starts.
                if (instrument.Name is "ayon_ftrack.events.in" or "ayon_ftrack.events.out" or "ayon_ftrack.spool.dead_letters")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var all = tags.ToArray();
                if (all.Any(t => t.Key == "topic" && (string?)t.Value == _topic))
                {
                    var outcome = all.FirstOrDefault(t => t.Key is "outcome" or "reason").Value as string;
                    lock (Counted)
                    {
                        Counted.Add($"{instrument.Name}{(outcome is null ? "" : "/" + outcome)}");
                    }
                }
            });
            _listener.Start();
        }

        public List<string> Counted { get; } = [];

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task Spool_AppendsAndRemovals_DepthLagAndEventsInOut()
    {
        var topic = $"ftrack.update.{Guid.NewGuid():N}";
        using var sums = new Sums(topic);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        var spool = new LeechSpoolTelemetry(new ListSpool(), time);
        await spool.InitializeAsync(CancellationToken.None);
        spool.QueueLagSeconds.ShouldBe(0);

        await spool.AppendAsync("ft-1", topic, "", "{}", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        await spool.AppendAsync("ft-2", topic, "", "{}", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        spool.ShouldSatisfyAllConditions(() => spool.Depth.ShouldBe(2), () => spool.QueueLagSeconds.ShouldBe(15));

        var batch = await spool.PeekAsync(10, CancellationToken.None);
        await spool.RemoveAsync([batch[0].Sequence], CancellationToken.None);
        spool.ShouldSatisfyAllConditions(() => spool.Depth.ShouldBe(1), () => spool.QueueLagSeconds.ShouldBe(5));

        await spool.DeadLetterAsync(batch[1].Sequence, "400", CancellationToken.None);
        await spool.AddDeadLetterAsync("ft-3", topic, "", "", "unreadable frame", CancellationToken.None);
        spool.ShouldSatisfyAllConditions(() => spool.Depth.ShouldBe(0), () => spool.QueueLagSeconds.ShouldBe(0));
        lock (sums.Counted)
        {
            sums.Counted.Order().ShouldBe(new[]
            {
                "ayon_ftrack.events.in",
                "ayon_ftrack.events.in",
                "ayon_ftrack.events.out/dead-lettered",
                "ayon_ftrack.events.out/stored",
                "ayon_ftrack.spool.dead_letters/refused-by-ayon",
                "ayon_ftrack.spool.dead_letters/refused-by-leecher",
            });
        }
    }

    [Fact]
    public async Task Spool_EventsWaitingAtStart_CountFromTheStartAndLeaveOldestFirst()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        var spool = new LeechSpoolTelemetry(new ListSpool(alreadyWaiting: 3), time);
        await spool.InitializeAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(30));
        await spool.AppendAsync("ft-new", "ftrack.update", "", "{}", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));

        spool.ShouldSatisfyAllConditions(() => spool.Depth.ShouldBe(4), () => spool.QueueLagSeconds.ShouldBe(31));
        var batch = await spool.PeekAsync(2, CancellationToken.None);
        await spool.RemoveAsync([.. batch.Select(e => e.Sequence)], CancellationToken.None);
        spool.ShouldSatisfyAllConditions(() => spool.Depth.ShouldBe(2), () => spool.QueueLagSeconds.ShouldBe(31));
        batch = await spool.PeekAsync(1, CancellationToken.None);
        await spool.RemoveAsync([batch[0].Sequence], CancellationToken.None);
        spool.ShouldSatisfyAllConditions(() => spool.Depth.ShouldBe(1), () => spool.QueueLagSeconds.ShouldBe(1));
        (await spool.CountAsync(CancellationToken.None)).ShouldBe(1);
    }
}
