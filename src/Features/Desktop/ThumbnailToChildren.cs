using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Thumbnail to Children" (Python origin: <c>event_handlers_user/action_thumbnail_to_childern.py</c>, U-14): the
/// thumbnail of each selected context (shot, sequence, asset build, ...) is set on its direct children, under an ftrack
/// Job. Like the original it has no settings and no role check.
/// <para>Fixed against the original: it was offered on any non-project selection (versions, review sessions) and then
/// failed on their missing <c>children</c>; here it is offered only when every selected entity is a context. A selected
/// context without a thumbnail or without children is named in the reply instead of being skipped silently, and the
/// Job is created for the user found by id or name (the original failed when the event had no <c>source.user.id</c>).</para>
/// </summary>
public static class ThumbnailToChildren
{
    /// <summary>The action as ftrack shows it; identifier, label and variant are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.thumb.to.children", "Thumbnail", " to Children"));

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.thumb.to.children.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when something is selected and everything selected is a context below the project.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count > 0 && selection.All(s => EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.TypedContext);
    }

    /// <summary>A selected context: its name, thumbnail and children.</summary>
    public sealed record Parent(string Id, string Name, string? ThumbnailId, IReadOnlyList<string> ChildIds);

    /// <summary>The changes (child id → thumbnail id) and the parents that could give none, with why.</summary>
    public static (IReadOnlyDictionary<string, string> Changes, IReadOnlyList<string> Skipped) Plan(IReadOnlyList<Parent> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var parent in parents)
        {
            if (parent.ThumbnailId is not { Length: > 0 } thumbnail)
            {
                skipped.Add($"{parent.Name} has no thumbnail");
                continue;
            }

            if (parent.ChildIds.Count == 0)
            {
                skipped.Add($"{parent.Name} has no children");
                continue;
            }

            foreach (var child in parent.ChildIds)
            {
                changes[child] = thumbnail;
            }
        }

        return (changes, skipped);
    }

    /// <summary>The reply: how many children got a thumbnail, and which selected entities gave none.</summary>
    public static ActionResult Result(int changed, IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var text = $"Thumbnail set on {changed} child entit{(changed == 1 ? "y" : "ies")}.";
        return skipped.Count == 0 ? ActionResult.Message(true, text) : ActionResult.Message(changed > 0, $"{text} Skipped: {string.Join("; ", skipped)}.");
    }

    /// <summary>The action's I/O: the selected contexts and their children in ftrack, the Job.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!Applies(selection))
            {
                return ActionResult.Message(false, "Select shots, sequences, folders or tasks (not the project, versions or other entities) to push their thumbnails to their children.");
            }

            return await DesktopJobs.RunAsync(runtime, session, e, "Push thumbnails to children", async (_, ct) =>
            {
                var ids = selection.Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
                var contexts = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "name", "thumbnail_id").Where(FtrackFilter.In("id", ids)), ct);
                var children = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "parent_id").Where(FtrackFilter.In("parent_id", ids)), ct);
                var parents = contexts.Select(c => new Parent(c.Id, c.GetString("name") ?? c.Id, c.GetString("thumbnail_id"),
                    [.. children.Where(child => child.GetString("parent_id") == c.Id).Select(child => child.Id)])).ToList();
                var (changes, skipped) = Plan(parents);
                foreach (var (child, thumbnail) in changes)
                {
                    session.Update(FtrackEntityRef.Of(FtrackEntityTypes.TypedContext, child), new Dictionary<string, object?> { ["thumbnail_id"] = thumbnail });
                }

                if (changes.Count > 0)
                {
                    await session.CommitAsync(ct);
                }

                return Result(changes.Count, skipped);
            }, cancellationToken);
        }
    }
}
