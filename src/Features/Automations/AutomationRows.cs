using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Automations;

/// <summary>A TypedContext as the automations read it: concrete type, parent, object type, task type, status and path (for logs).</summary>
public sealed record ContextRow(string Id, string EntityType, string Name, string? ParentId, string? ObjectTypeId, string? TypeId, string? StatusId, string Path)
{
    /// <summary>The projections <see cref="From"/> reads.</summary>
    public static readonly string[] Projections = ["id", "name", "parent_id", "object_type_id", "type_id", "status_id", "link"];

    /// <summary>Reads a queried TypedContext row.</summary>
    public static ContextRow From(FtrackEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var name = entity.GetString("name") ?? "";
        var link = entity.Link;
        var path = link.Count > 0 ? string.Join("/", link.Select(l => l.Name)) : name;
        return new ContextRow(entity.Id, entity.EntityType, name, entity.GetString("parent_id"), entity.GetString("object_type_id"), entity.GetString("type_id"), entity.GetString("status_id"), path);
    }
}

/// <summary>A status an automation sets: the entity (concrete type and id), its path for logs, and the new status.</summary>
public sealed record StatusWrite(string EntityType, string EntityId, string Path, string StatusId, string StatusName);

/// <summary>What an automation's pure decision returns: the writes, and notes on what it could not do (logged as warnings).</summary>
public sealed record StatusDecision(IReadOnlyList<StatusWrite> Writes, IReadOnlyList<string> Notes)
{
    /// <summary>Nothing to write, nothing to say.</summary>
    public static StatusDecision None { get; } = new([], []);
}

/// <summary>Applies <see cref="StatusWrite"/>s in one ftrack commit (the writes are idempotent: each differs from the state just read).</summary>
public static class StatusWrites
{
    /// <summary>
    /// Reports the decision's notes through <paramref name="note"/>, commits its writes together and reports each one
    /// through <paramref name="written"/> (the callers' own log messages).
    /// </summary>
    public static async Task ApplyAsync(FtrackSession session, StatusDecision decision, Action<string> note, Action<StatusWrite> written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(written);
        foreach (var text in decision.Notes)
        {
            note(text);
        }

        await ApplyAsync(session, decision.Writes, cancellationToken);
        foreach (var write in decision.Writes)
        {
            written(write);
        }
    }

    /// <summary>Records every write on <paramref name="session"/> and commits them together.</summary>
    public static async Task ApplyAsync(FtrackSession session, IReadOnlyList<StatusWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return;
        }

        foreach (var write in writes)
        {
            session.Update(FtrackEntityRef.Of(write.EntityType, write.EntityId), new Dictionary<string, object?> { ["status_id"] = write.StatusId });
        }

        await session.CommitAsync(cancellationToken);
    }
}
