using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Thumbnail to Parent" (Python origin: <c>event_handlers_user/action_thumbnail_to_parent.py</c>, U-15): the thumbnail
/// of each selected entity is set on its parent, under an ftrack Job: a version's task, or the context of its asset when
/// it has no task; a context's parent (the project for a top-level one). Like the original it has no settings and no
/// role check.
/// <para>Fixed against the original: it was offered on any non-project selection and failed on entities without a
/// parent; here it is offered on contexts and versions only. Every entity is checked before anything is written, so a
/// selection where one entity has no thumbnail changes nothing and the reply names each such entity (the original
/// raised on the first one with an unreadable message).</para>
/// </summary>
public static class ThumbnailToParent
{
    /// <summary>The action as ftrack shows it; identifier, label and variant are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.thumb.to.parent", "Thumbnail", " to Parent"));

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.thumb.to.parent.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when something is selected and everything selected is a context below the project or a version.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count > 0 && selection.All(s => EventProject.QueryTypeOf(s.EntityType) is FtrackEntityTypes.TypedContext or FtrackEntityTypes.AssetVersion);
    }

    /// <summary>A selected entity: its readable name, thumbnail and parent (null when it has none).</summary>
    public sealed record Child(string Name, string? ThumbnailId, string? ParentId);

    /// <summary>The changes (parent id → thumbnail id; a later entity wins for a shared parent) or, when any entity lacks a thumbnail or a parent, the problems.</summary>
    public static (IReadOnlyDictionary<string, string> Changes, IReadOnlyList<string> Problems) Plan(IReadOnlyList<Child> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var problems = children.Where(c => c.ThumbnailId is not { Length: > 0 } || c.ParentId is not { Length: > 0 })
            .Select(c => c.ThumbnailId is not { Length: > 0 } ? $"{c.Name} has no thumbnail" : $"{c.Name} has no parent").ToList();
        if (problems.Count > 0)
        {
            return (new Dictionary<string, string>(), problems);
        }

        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            changes[child.ParentId!] = child.ThumbnailId!;
        }

        return (changes, []);
    }

    /// <summary>The action's I/O: the selected entities and their parents in ftrack, the Job.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!Applies(selection))
            {
                return ActionResult.Message(false, "Select shots, folders, tasks or versions (not the project or other entities) to push their thumbnails to their parents.");
            }

            return await DesktopJobs.RunAsync(runtime, session, e, "Push thumbnails to parents", async (_, ct) =>
            {
                var children = await ChildrenAsync(selection, ct);
                var (changes, problems) = Plan(children);
                if (problems.Count > 0)
                {
                    return ActionResult.Message(false, $"Nothing was changed: {string.Join("; ", problems)}.");
                }

                var parents = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Context).Select("id").Where(FtrackFilter.In("id", changes.Keys)), ct);
                foreach (var parent in parents)
                {
                    session.Update(FtrackEntityRef.Of(parent.EntityType, parent.Id), new Dictionary<string, object?> { ["thumbnail_id"] = changes[parent.Id] });
                }

                await session.CommitAsync(ct);
                return ActionResult.Message(true, $"Thumbnail set on {parents.Count} parent entit{(parents.Count == 1 ? "y" : "ies")}.");
            }, cancellationToken);
        }

        private async Task<IReadOnlyList<Child>> ChildrenAsync(IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken)
        {
            var contextIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.TypedContext).Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            var versionIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.AssetVersion).Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            var output = new List<Child>();
            if (contextIds.Count > 0)
            {
                output.AddRange(await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "name", "parent_id", "thumbnail_id").Where(FtrackFilter.In("id", contextIds)),
                    c => new Child(c.GetString("name") ?? c.Id, c.GetString("thumbnail_id"), c.GetString("parent_id")), cancellationToken));
            }

            if (versionIds.Count > 0)
            {
                var versions = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "version", "asset_id", "task_id", "thumbnail_id").Where(FtrackFilter.In("id", versionIds)), cancellationToken);
                var assetIds = versions.Select(v => v.GetString("asset_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                var assets = assetIds.Count == 0 ? new Dictionary<string, FtrackEntity>()
                    : (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Asset).Select("id", "name", "context_id").Where(FtrackFilter.In("id", assetIds)), cancellationToken)).ToDictionary(a => a.Id, StringComparer.Ordinal);
                output.AddRange(versions.Select(v =>
                {
                    var asset = assets.GetValueOrDefault(v.GetString("asset_id") ?? "");
                    var name = $"{asset?.GetString("name") ?? "version"} v{v.GetInt32("version") ?? 0:000}";
                    return new Child(name, v.GetString("thumbnail_id"), v.GetString("task_id") ?? asset?.GetString("context_id"));
                }));
            }

            return output;
        }
    }
}
