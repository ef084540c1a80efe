using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Sort Review" (Python origin: <c>event_handlers_user/action_client_review_sort.py</c>, U-04): offered on a review
/// session; the session's objects are ordered by name, then by the task name of their version (objects without a
/// version or task last), then by their <c>version</c> text, and the session's own <c>sort_order</c> values are given
/// out again in that order, under an ftrack Job. Like the original it has no settings and no role check.
/// <para>Fixed against the original: it handed out the <c>sort_order</c> values in the order the server listed the
/// objects, which is not necessarily ascending, so the session could end up unsorted; here the values are sorted
/// first. Only the first selected review session was sorted; here every selected one is.</para>
/// </summary>
public static class SortReview
{
    /// <summary>The action as ftrack shows it; identifier and label are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.client.review.sort", "Sort Review"));

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.client.review.sort.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when the first selected entity is a review session (the original's rule).</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count > 0 && EventProject.QueryTypeOf(selection[0].EntityType) == "ReviewSession";
    }

    /// <summary>A review session object as the sort reads it.</summary>
    public sealed record Item(string Id, string Name, string? TaskName, string Version, double SortOrder);

    /// <summary>
    /// The new <c>sort_order</c> per object id: the objects ordered by name, task name (none last) and version text
    /// (ordinal comparisons, as Python compares strings), and the existing values, ascending, given out in that order.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Sort(IReadOnlyList<Item> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var ordered = items
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => i.TaskName is null ? 1 : 0)
            .ThenBy(i => i.TaskName, StringComparer.Ordinal)
            .ThenBy(i => i.Version, StringComparer.Ordinal)
            .ToList();
        var values = items.Select(i => i.SortOrder).Order().ToList();
        return ordered.Select((item, index) => (item.Id, Value: values[index])).ToDictionary(p => p.Id, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>The action's I/O: the review sessions' objects, their versions' tasks, the Job.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            var sessionIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == "ReviewSession").Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            if (!Applies(selection) || sessionIds.Count != selection.Count)
            {
                return ActionResult.Message(false, "Select only review sessions to sort.");
            }

            return await DesktopJobs.RunAsync(runtime, session, e, "Sort review sessions", async (_, ct) =>
            {
                var objects = await session.QueryAsync(FtrackQuery.From("ReviewSessionObject")
                    .Select("id", "name", "version", "sort_order", "version_id", "review_session_id").Where(FtrackFilter.In("review_session_id", sessionIds)), ct);
                if (objects.Count == 0)
                {
                    return ActionResult.Message(false, "The selected review session has no objects to sort.");
                }

                var versionIds = objects.Select(o => o.GetString("version_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                var taskByVersion = versionIds.Count == 0 ? new Dictionary<string, string?>()
                    : (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "task_id").Where(FtrackFilter.In("id", versionIds)), ct))
                        .ToDictionary(v => v.Id, v => v.GetString("task_id"), StringComparer.Ordinal);
                var taskIds = taskByVersion.Values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                var taskNames = taskIds.Count == 0 ? new Dictionary<string, string>()
                    : (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "name").Where(FtrackFilter.In("id", taskIds)), ct))
                        .ToDictionary(t => t.Id, t => t.GetString("name") ?? "", StringComparer.Ordinal);
                var changed = 0;
                foreach (var group in objects.GroupBy(o => o.GetString("review_session_id") ?? "", StringComparer.Ordinal))
                {
                    var items = group.Select(o => new Item(o.Id, o.GetString("name") ?? "",
                        o.GetString("version_id") is { } v && taskByVersion.GetValueOrDefault(v) is { } t ? taskNames.GetValueOrDefault(t) : null,
                        o["version"]?.ToString() ?? "", o.GetDouble("sort_order") ?? 0)).ToList();
                    foreach (var (id, value) in Sort(items))
                    {
                        if (items.First(i => i.Id == id).SortOrder != value)
                        {
                            session.Update(FtrackEntityRef.Of("ReviewSessionObject", id), new Dictionary<string, object?> { ["sort_order"] = value });
                            changed++;
                        }
                    }
                }

                if (changed > 0)
                {
                    await session.CommitAsync(ct);
                }

                return ActionResult.Message(true, "Client Review sorted!");
            }, cancellationToken);
        }
    }
}
