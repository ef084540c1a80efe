using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Attributes;

/// <summary>
/// "AYON Admin - Push Hierarchical values To Non-Hierarchical" (Python origin: <c>action_push_frame_values_to_task.py</c>,
/// P-09): offered when the selection holds a project or a TypedContext (<c>show</c>/<c>task</c>) to users with a role of
/// <c>service_event_handlers.sync_hier_entity_attributes.role_list</c> (switch <c>action_enabled</c>). Under an ftrack
/// Job it walks the selection and its descendants (a selected project: the whole project); every Task gets its
/// parent's resolved hierarchical values of the interest keys, and every entity of the Task or an interest object type
/// that has an object-specific attribute of an interest key gets the resolved hierarchical value in it. Only
/// differences are written, in commits of <see cref="CommitChunk"/>, so a second run writes nothing.
/// Unlike the original, a selected Task (or a Task under a parent of a type that is not of interest) is handled too.
/// </summary>
public static partial class PushHierValuesAction
{
    /// <summary>Operations per commit.</summary>
    public const int CommitChunk = 100;

    /// <summary>The action as ftrack shows it; identifier, label, variant and settings are the original's.</summary>
    public static readonly ServerAction Action = new(
        "ayon.admin.push_hier_values_to_non_hier",
        "AYON Admin",
        "- Push Hierarchical values To Non-Hierarchical",
        SettingsKey: HierValuesSettings.SettingsKey,
        EnabledKey: "action_enabled");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => Applies(EventProject.Selection(e))) { IconFile = ActionIcons.AyonAdmin };

    /// <summary>Run the push on the selection.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, IReadOnlyList<EventProject.SelectionItem> Selection) : IActionLaunch;

    /// <summary>A TypedContext as the push needs it.</summary>
    /// <param name="Id">The entity id.</param>
    /// <param name="ParentId">Its parent (the project for top-level entities).</param>
    /// <param name="ObjectTypeId">Its object type.</param>
    public sealed record Context(string Id, string? ParentId, string? ObjectTypeId);

    /// <summary>Launches of this action on such a selection.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var selection = EventProject.Selection(e);
        return Applies(selection) ? new LaunchCommand(e, selection) : null;
    }

    /// <summary>True when an item is a project (<c>show</c>) or a TypedContext (<c>task</c>).</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Any(s => s.EntityType.ToLowerInvariant() is "task" or "show");
    }

    /// <summary>
    /// The writes (pure). <paramref name="targets"/> are the entities to fill; <paramref name="parentOf"/> links every
    /// target and ancestor to its parent, up to the project. For each interest key with a hierarchical configuration:
    /// a Task's hierarchical value becomes its parent's resolved value (own → nearest ancestor → default); then each
    /// target's object-specific attribute of that key (for its object type) becomes the target's resolved value (for a
    /// Task, the value it was just given). Values already equal are not written.
    /// </summary>
    public static IReadOnlyList<AttributeWrite> Plan(
        IReadOnlyList<Context> targets,
        IReadOnlyDictionary<string, string?> parentOf,
        string taskObjectTypeId,
        IReadOnlyList<string> keys,
        IReadOnlyList<AttributeConfiguration> configurations,
        IReadOnlyDictionary<(string ConfigurationId, string EntityId), JsonNode?> stored)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(parentOf);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(stored);
        var writes = new List<AttributeWrite>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (configurations.FirstOrDefault(c => c.IsHierarchical && c.Key == key) is not { } hier)
            {
                continue;
            }

            foreach (var target in targets)
            {
                var isTask = target.ObjectTypeId == taskObjectTypeId;
                JsonNode? value;
                if (isTask)
                {
                    value = target.ParentId is { } parent ? AttributeValues.Resolve(hier.Id, parent, Ancestors(parent, parentOf), stored, hier.Default) : null;
                    if (value is not null && !AttributeValues.Same(value, stored.GetValueOrDefault((hier.Id, target.Id))))
                    {
                        writes.Add(new AttributeWrite(hier.Id, target.Id, FtrackEntityTypes.TypedContext, value.DeepClone()));
                    }
                }
                else
                {
                    value = AttributeValues.Resolve(hier.Id, target.Id, Ancestors(target.Id, parentOf), stored, hier.Default);
                }

                var std = configurations.FirstOrDefault(c => !c.IsHierarchical && c.Key == key && c.ObjectTypeId is not null && c.ObjectTypeId == target.ObjectTypeId);
                if (std is not null && value is not null && !AttributeValues.Same(value, stored.GetValueOrDefault((std.Id, target.Id))))
                {
                    writes.Add(new AttributeWrite(std.Id, target.Id, FtrackEntityTypes.TypedContext, value.DeepClone()));
                }
            }
        }

        return writes;
    }

    /// <summary>The ancestors of <paramref name="id"/> by <paramref name="parentOf"/>, nearest first (cycles stop the walk).</summary>
    public static IReadOnlyList<string> Ancestors(string id, IReadOnlyDictionary<string, string?> parentOf)
    {
        ArgumentNullException.ThrowIfNull(parentOf);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { id };
        var current = id;
        while (parentOf.TryGetValue(current, out var parent) && parent is not null && seen.Add(parent))
        {
            result.Add(parent);
            current = parent;
        }

        return result;
    }

    internal sealed partial class LaunchHandler(ActionRuntime actions, FtrackSession session, ProjectContexts scopes, ILogger<LaunchHandler> logger)
        : IServerActionLauncher<LaunchCommand>
    {
        public Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken) => actions.RunWithJobAsync(
            launch.Event, "Propagation of Frame attribute values to task.", ct => PushAsync(launch, ct), cancellationToken);

        private async Task<ActionResult> PushAsync(LaunchCommand request, CancellationToken cancellationToken)
        {
            var scope = await scopes.ForEventAsync(request.Event, cancellationToken)
                ?? throw new InvalidOperationException("The selection's ftrack project was not found.");
            var settings = HierValuesSettings.Read(scope.Settings);
            var objectTypes = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.ObjectType).Select("id", "name"), FtrackObjectType.From, cancellationToken);
            var taskType = objectTypes.FirstOrDefault(o => string.Equals(o.Name, "Task", StringComparison.OrdinalIgnoreCase))?.Id ?? FtrackObjectTypeIds.Task;
            var destinationTypes = objectTypes
                .Where(o => o.Id == taskType || o.Name is { } name && settings.InterestEntityTypes.Contains(HierValuesSettings.NormaliseType(name)))
                .Select(o => o.Id)
                .ToHashSet(StringComparer.Ordinal);
            var configurations = settings.InterestAttributes.Count == 0
                ? []
                : await AttributeReads.ConfigurationsAsync(session, settings.InterestAttributes, scope.FtrackProjectId, cancellationToken);
            destinationTypes.IntersectWith(configurations.Where(c => !c.IsHierarchical && c.ObjectTypeId is not null).Select(c => c.ObjectTypeId!));
            if (destinationTypes.Count == 0 || !configurations.Any(c => c.IsHierarchical))
            {
                return ActionResult.Message(true, "Nothing has changed.");
            }

            var (contexts, parentOf) = await HierarchyAsync(request.Selection, scope.FtrackProjectId, cancellationToken);
            var targets = contexts.Where(c => c.ObjectTypeId is { } o && destinationTypes.Contains(o)).ToList();
            if (targets.Count == 0)
            {
                return ActionResult.Message(true, "Nothing to do in your selection.");
            }

            var ids = targets.SelectMany(t => Ancestors(t.Id, parentOf).Prepend(t.Id)).Distinct(StringComparer.Ordinal).ToList();
            var stored = await AttributeReads.ValuesAsync(session, ids, [.. configurations.Select(c => c.Id)], cancellationToken);
            var writes = Plan(targets, parentOf, taskType, settings.InterestAttributes, configurations, stored);
            await AttributeReads.WriteAsync(session, writes, CommitChunk, cancellationToken);
            Log.Pushed(logger, scope.ProjectName, writes.Count, targets.Count);
            return ActionResult.Message(true, writes.Count == 0 ? "Nothing has changed." : $"Pushed {writes.Count} value(s) on {targets.Count} entities.");
        }

        /// <summary>The selected contexts and their descendants (the whole project when it is selected), and every parent link read on the way.</summary>
        private async Task<(IReadOnlyList<Context> Contexts, Dictionary<string, string?> ParentOf)> HierarchyAsync(
            IReadOnlyList<EventProject.SelectionItem> selection, string projectId, CancellationToken cancellationToken)
        {
            var parentOf = new Dictionary<string, string?>(StringComparer.Ordinal);
            var contexts = new Dictionary<string, Context>(StringComparer.Ordinal);
            static Context Read(FtrackEntity e) => new(e.Id, e.GetString("parent_id"), e.GetString("object_type_id"));
            if (selection.Any(s => s.EntityId == projectId))
            {
                foreach (var context in await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "parent_id", "object_type_id").Where(FtrackFilter.Is("project_id", projectId)), Read, cancellationToken))
                {
                    contexts[context.Id] = context;
                    parentOf[context.Id] = context.ParentId;
                }

                return ([.. contexts.Values], parentOf);
            }

            var selected = selection.Where(s => s.EntityType.Equals("task", StringComparison.OrdinalIgnoreCase)).Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            var frontier = new List<string>();
            foreach (var chunk in selected.Chunk(AttributeReads.IdChunk))
            {
                var rows = await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "parent_id", "object_type_id", "link").Where(FtrackFilter.In("id", chunk)), cancellationToken);
                foreach (var row in rows)
                {
                    var context = Read(row);
                    contexts[context.Id] = context;
                    frontier.Add(context.Id);
                    var link = row.Link;
                    for (var i = 1; i < link.Count; i++)
                    {
                        parentOf[link[i].Id] = link[i - 1].Id;
                    }

                    parentOf[context.Id] = context.ParentId;
                }
            }

            while (frontier.Count > 0)
            {
                var next = new List<string>();
                foreach (var chunk in frontier.Chunk(AttributeReads.IdChunk))
                {
                    foreach (var child in await session.QueryAsync(
                        FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "parent_id", "object_type_id").Where(FtrackFilter.In("parent_id", chunk)), Read, cancellationToken))
                    {
                        parentOf[child.Id] = child.ParentId;
                        if (contexts.TryAdd(child.Id, child))
                        {
                            next.Add(child.Id);
                        }
                    }
                }

                frontier = next;
            }

            return ([.. contexts.Values], parentOf);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 2610, Level = LogLevel.Information, Message = "Push hierarchical values in {Project}: {Writes} values written on {Targets} entities")]
            public static partial void Pushed(ILogger logger, string project, int writes, int targets);
        }
    }
}
