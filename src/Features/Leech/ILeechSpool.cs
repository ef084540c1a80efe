namespace AyonFtrack.Features.Leech;

/// <summary>One ftrack event waiting to be stored in AYON as <c>ftrack.leech</c>.</summary>
/// <param name="Sequence">Arrival order in the spool; events leave in this order.</param>
/// <param name="Hash">The AYON event hash: the ftrack event id (409 from AYON means already stored).</param>
/// <param name="Topic">The ftrack topic, for logs.</param>
/// <param name="Description">The AYON event description (<c>Leeched &lt;topic&gt;[ by &lt;user&gt;]</c>).</param>
/// <param name="PayloadJson">The AYON event payload: the ftrack event in the Python leecher's snake_case shape.</param>
public sealed record SpooledEvent(long Sequence, string Hash, string Topic, string Description, string PayloadJson);

/// <summary>
/// The leecher's durable write-ahead queue between ftrack's hub and AYON. Every accepted hub event is appended
/// here first; one drainer stores them in AYON in arrival order and removes them only once AYON has them.
/// While AYON is down the events simply wait here, and they survive a killed process.
/// </summary>
public interface ILeechSpool
{
    /// <summary>Appends an event; it is durable when the call returns.</summary>
    Task AppendAsync(string hash, string topic, string description, string payloadJson, CancellationToken cancellationToken);

    /// <summary>The oldest <paramref name="max"/> events, in arrival order, without removing them.</summary>
    Task<IReadOnlyList<SpooledEvent>> PeekAsync(int max, CancellationToken cancellationToken);

    /// <summary>Removes the events with these sequence numbers (they are stored in AYON).</summary>
    Task RemoveAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an event AYON refuses for good (400, 413, 422: it can never be stored as it is) out of the queue into the
    /// dead-letter table, with the reason, so that it is kept for a person to look at and no longer blocks the events behind it.
    /// </summary>
    Task DeadLetterAsync(long sequence, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps something that never became a storable event (a hub frame the reader refused, an event the leech pipeline
    /// failed on) straight in the dead-letter table with the reason, durable when the call returns.
    /// </summary>
    Task AddDeadLetterAsync(string hash, string topic, string description, string payload, string reason, CancellationToken cancellationToken);

    /// <summary>True when an event of <paramref name="topic"/> waits in the spool.</summary>
    Task<bool> ContainsTopicAsync(string topic, CancellationToken cancellationToken);

    /// <summary>How many events wait.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Completes when an event is appended after the call (or at once when events already wait).</summary>
    Task WaitForEventsAsync(CancellationToken cancellationToken);
}
