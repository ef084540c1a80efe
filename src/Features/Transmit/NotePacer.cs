namespace AyonFtrack.Features.Transmit;

/// <summary>
/// Keeps the Notes of one entity at least <see cref="Spacing"/> apart, as the original's comment sync does, so ftrack
/// orders them as AYON did (Notes are sorted by their creation second). Notes on different entities do not wait for
/// each other. One pacer per comment sync run; time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class NotePacer(TimeProvider time)
{
    /// <summary>The least time between two Notes created on one entity.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, DateTimeOffset> _lastCreated = new(StringComparer.Ordinal);

    /// <summary>Completes when a Note may be created on <paramref name="entityId"/>.</summary>
    public Task WaitTurnAsync(string entityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        if (!_lastCreated.TryGetValue(entityId, out var last))
        {
            return Task.CompletedTask;
        }

        var wait = Spacing - (time.GetUtcNow() - last);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Records that a Note was just created on <paramref name="entityId"/>.</summary>
    public void Created(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        _lastCreated[entityId] = time.GetUtcNow();
    }
}
