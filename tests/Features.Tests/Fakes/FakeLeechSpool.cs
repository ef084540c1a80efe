using AyonFtrack.Features.Leech;

namespace AyonFtrack.Features.Tests.Fakes;

/// <summary>An in-memory spool that records what was appended.</summary>
public sealed class FakeLeechSpool : ILeechSpool
{
    private long _sequence;

    public List<SpooledEvent> Events { get; } = [];

    public Task AppendAsync(string hash, string topic, string description, string payloadJson, CancellationToken cancellationToken)
    {
        Events.Add(new SpooledEvent(++_sequence, hash, topic, description, payloadJson));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SpooledEvent>> PeekAsync(int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SpooledEvent>>([.. Events.Take(max)]);

    public Task RemoveAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        Events.RemoveAll(e => sequences.Contains(e.Sequence));
        return Task.CompletedTask;
    }

    public List<(SpooledEvent Event, string Reason)> DeadLetters { get; } = [];

    public Task DeadLetterAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        var e = Events.Single(x => x.Sequence == sequence);
        Events.Remove(e);
        DeadLetters.Add((e, reason));
        return Task.CompletedTask;
    }

    public Task AddDeadLetterAsync(string hash, string topic, string description, string payload, string reason, CancellationToken cancellationToken)
    {
        DeadLetters.Add((new SpooledEvent(++_sequence, hash, topic, description, payload), reason));
        return Task.CompletedTask;
    }

    public Task<bool> ContainsTopicAsync(string topic, CancellationToken cancellationToken) => Task.FromResult(Events.Any(e => e.Topic == topic));

    public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)Events.Count);

    public Task WaitForEventsAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
