using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Attributes;

/// <summary>
/// Keeps a hierarchical attribute and the object-specific attribute of the same key equal on entities of the interest
/// types (Python origin: <c>event_push_frame_values_to_task.py</c>, P-15). When an interest attribute changes, the side
/// that differs is written only when the other side already holds the new value (the change came from that side); a
/// new entity gets both sides filled from its inherited value. Its own writes come back as <c>ftrack.update</c> events
/// in which both sides already agree, so they settle without further writes.
/// Fix against the original (reference §7.2): a project whose ftrack switch (<c>enabled</c>) is off is left alone.
/// </summary>
public static partial class PushHierValuesOnUpdate
{
    /// <summary>Operations per commit.</summary>
    public const int CommitChunk = 100;

    /// <summary>One entity item of an <c>ftrack.update</c> event, as this handler reads it.</summary>
    /// <param name="Action"><c>add</c>, <c>update</c>, <c>move</c>, ...</param>
    /// <param name="EntityId">The entity id.</param>
    /// <param name="EntityType">The concrete type (<c>entity_type</c>, e.g. <c>Shot</c>, <c>AssetBuild</c>, <c>Task</c>).</param>
    /// <param name="ObjectTypeId">The entity's object type (<c>objectTypeId</c>).</param>
    /// <param name="ProjectId">The project in <c>parents</c>.</param>
    /// <param name="ParentType">The concrete type of the direct parent (<c>parents[1]</c>), or null.</param>
    /// <param name="Ancestors">The ancestors' ids, nearest first, the project last.</param>
    /// <param name="Changes">Changed keys and their new values (strings, as events carry them; null for a cleared value).</param>
    public sealed record UpdatedEntity(
        string Action, string EntityId, string EntityType, string? ObjectTypeId, string ProjectId, string? ParentType,
        IReadOnlyList<string> Ancestors, IReadOnlyDictionary<string, string?> Changes)
    {
        /// <summary>True for a new entity.</summary>
        public bool IsNew => Action == "add";
    }

    /// <summary>The entity items of one <c>ftrack.update</c> event that are not removals and carry changes.</summary>
    public sealed record Command(IReadOnlyList<UpdatedEntity> Entities) : ICommand;

    /// <summary>The candidates of an <c>ftrack.update</c> event; null when it has none.</summary>
    public static Command? From(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var entities = Read(e);
        return entities.Count > 0 ? new Command(entities) : null;
    }

    /// <summary>The entity items that are not removals, carry changes and name their project (pure; bad items are skipped).</summary>
    public static IReadOnlyList<UpdatedEntity> Read(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Topic != Topics.FtrackUpdate)
        {
            return [];
        }

        var result = new List<UpdatedEntity>();
        foreach (var item in e.Entities)
        {
            if (item.ValueKind != JsonValueKind.Object || Str(item, "entityId") is not { } id || Str(item, "action") is not { } action || action == "remove"
                || !item.TryGetProperty("changes", out var changesJson) || changesJson.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var change in changesJson.EnumerateObject().Where(c => c.Value.ValueKind == JsonValueKind.Object))
            {
                changes[change.Name] = change.Value.TryGetProperty("new", out var now) ? now.ValueKind switch
                {
                    JsonValueKind.String => now.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => now.GetRawText(),
                    _ => null,
                } : null;
            }

            if (changes.Count == 0)
            {
                continue;
            }

            string? projectId = null;
            string? parentType = null;
            var ancestors = new List<string>();
            if (item.TryGetProperty("parents", out var parents) && parents.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var parent in parents.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
                {
                    if (index++ == 1)
                    {
                        parentType = Str(parent, "entity_type");
                    }

                    if (Str(parent, "entityId") is { } parentId && parentId != id)
                    {
                        ancestors.Add(parentId);
                    }

                    if (Str(parent, "entityType") == "show")
                    {
                        projectId = Str(parent, "entityId");
                    }
                }
            }

            if (projectId is null || Str(item, "entity_type") is not { } concrete)
            {
                continue;
            }

            result.Add(new UpdatedEntity(action, id, concrete, Str(item, "objectTypeId"), projectId, parentType, ancestors, changes));
        }

        return result;
    }

    /// <summary>
    /// The settings filter: an entity of an interest type that is new or has an interest attribute changed to a value; or
    /// a Task whose parent changed (created or moved) under an entity of an interest type.
    /// </summary>
    public static bool IsInteresting(UpdatedEntity entity, HierValuesSettings settings)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(settings);
        var type = HierValuesSettings.NormaliseType(entity.EntityType);
        if (type == "task" && entity.Changes.ContainsKey("parent_id") && entity.ParentType is { } parent
            && settings.InterestEntityTypes.Contains(HierValuesSettings.NormaliseType(parent)))
        {
            return true;
        }

        return settings.InterestEntityTypes.Contains(type)
            && (entity.IsNew || settings.InterestAttributes.Any(k => entity.Changes.TryGetValue(k, out var now) && now is not null));
    }

    /// <summary>
    /// The writes for one entity. For each interest key with a hierarchical and an object-specific configuration (of the
    /// entity's object type): the new value (the event's, or for a new entity without stored values the inherited one) is
    /// converted to the kind of the stored hierarchical, else stored object-specific, else inherited value; on an update the
    /// differing side is written only when the other side already equals it; on a new entity every differing side is.
    /// </summary>
    public static IReadOnlyList<AttributeWrite> Plan(
        UpdatedEntity entity, HierValuesSettings settings, IReadOnlyList<AttributeConfiguration> configurations, IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> stored)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(stored);
        var writes = new List<AttributeWrite>();
        foreach (var key in settings.InterestAttributes.Distinct(StringComparer.Ordinal))
        {
            var hier = configurations.FirstOrDefault(c => c.IsHierarchical && c.Key == key);
            var std = configurations.FirstOrDefault(c => !c.IsHierarchical && c.Key == key && c.ObjectTypeId is not null && c.ObjectTypeId == entity.ObjectTypeId);
            if (hier is null || std is null)
            {
                continue;
            }

            var hasHier = stored.TryGetValue((hier.Id, entity.EntityId), out var realHier);
            var hasStd = stored.TryGetValue((std.Id, entity.EntityId), out var realStd);
            var inherited = AttributeValues.Resolve(hier.Id, entity.EntityId, entity.Ancestors, stored, hier.Default);
            JsonNode? value = entity.Changes.TryGetValue(key, out var text) && text is not null ? JsonValue.Create(text) : null;
            if (entity.IsNew && !hasHier && !hasStd)
            {
                value = inherited?.DeepClone();
            }

            var like = realHier ?? realStd ?? inherited;
            if (value is null || like is null || Coerce(value, like) is not { } typed)
            {
                continue;
            }

            var stdSame = AttributeValues.Same(typed, realStd);
            var hierSame = AttributeValues.Same(typed, realHier);
            if (!entity.IsNew && !stdSame && !hierSame)
            {
                continue;
            }

            if (!stdSame)
            {
                writes.Add(new AttributeWrite(std.Id, entity.EntityId, entity.EntityType, typed.DeepClone()));
            }

            if (!hierSame)
            {
                writes.Add(new AttributeWrite(hier.Id, entity.EntityId, entity.EntityType, typed.DeepClone()));
            }
        }

        return writes;
    }

    private static JsonNode? Coerce(JsonNode value, JsonNode like)
    {
        var kind = value.GetValueKind();
        var likeKind = like.GetValueKind();
        if (kind == likeKind || kind is JsonValueKind.True or JsonValueKind.False && likeKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.DeepClone();
        }

        return kind == JsonValueKind.String ? AttributeValues.CastLike(value.GetValue<string>(), like) : null;
    }

    private static string? Str(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleForEach(c => c.Entities).Must(e => e.EntityId.Length > 0 && e.ProjectId.Length > 0).WithMessage("an entity item has no id or project");
    }

    internal sealed partial class Handler(FtrackSession session, ProjectContexts scopes, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            foreach (var group in request.Entities.GroupBy(e => e.ProjectId, StringComparer.Ordinal))
            {
                await HandleProjectAsync(group.Key, [.. group], cancellationToken);
            }

            return Unit.Value;
        }

        private async Task HandleProjectAsync(string projectId, IReadOnlyList<UpdatedEntity> entities, CancellationToken cancellationToken)
        {
            var scope = await scopes.ForProjectAsync(projectId, cancellationToken);
            if (scope is null || !scope.Enabled || !scope.AyonProjectExists)
            {
                Log.ProjectSkipped(logger, projectId, scope is null ? "not found in ftrack" : !scope.Enabled ? "ftrack is disabled for it" : "it has no AYON project");
                return;
            }

            var settings = HierValuesSettings.Read(scope.Settings);
            var interesting = settings.Enabled ? entities.Where(x => IsInteresting(x, settings)).ToList() : [];
            if (interesting.Count == 0 || settings.InterestAttributes.Count == 0)
            {
                return;
            }

            var configurations = await AttributeReads.ConfigurationsAsync(session, settings.InterestAttributes, projectId, cancellationToken);
            if (configurations.Count == 0)
            {
                return;
            }

            var ids = interesting.SelectMany(x => x.Ancestors.Prepend(x.EntityId)).Distinct(StringComparer.Ordinal).ToList();
            var stored = await AttributeReads.ValuesAsync(session, ids, [.. configurations.Select(c => c.Id)], cancellationToken);
            var writes = interesting.SelectMany(x => Plan(x, settings, configurations, stored)).ToList();
            await AttributeReads.WriteAsync(session, writes, CommitChunk, cancellationToken);
            Log.Pushed(logger, scope.ProjectName, writes.Count, interesting.Count);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2600, Level = LogLevel.Debug, Message = "Hierarchical values push: ftrack project {ProjectId} skipped ({Reason})")]
            public static partial void ProjectSkipped(ILogger logger, string projectId, string reason);

            [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Hierarchical values push in {Project}: {Writes} values written for {Entities} changed entities")]
            public static partial void Pushed(ILogger logger, string project, int writes, int entities);
        }
    }
}
