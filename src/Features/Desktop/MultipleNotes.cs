using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Multiple Notes" on the artist's machine (Python origin: <c>event_handlers_user/action_multiple_notes.py</c>, U-12):
/// offered when two or more entities are selected and every one is an AssetVersion or a Task; the form asks for the note
/// and a note category, and the submission adds the note to each of them, written by the user this action server is
/// logged in as (the session user, not the clicking one), under an ftrack Job. Like the original it has no settings and
/// no role check.
/// <para>Fixed against the original: an empty note answered only "Multiple Notes failed."; here it is a readable
/// refusal and nothing is written. A category that no longer exists is named instead of failing the launch.</para>
/// </summary>
public static class MultipleNotes
{
    /// <summary>The enumerator value for "no category" (the original's local action uses <c>none</c>).</summary>
    public const string NoCategory = "none";

    /// <summary>The action as ftrack shows it; identifier, label and description are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.multiple.notes", "Multiple Notes", Description: "Add same note to multiple entities"));

    /// <summary>The menu opened, or a click (or form submission) on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.multiple.notes.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>
    /// The selection's shape: two or more entities, each a version or a context (contexts are checked to be tasks in
    /// ftrack, since the web client sends <c>task</c> for every context).
    /// </summary>
    public static bool MayApply(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count >= 2 && selection.All(s => EventProject.QueryTypeOf(s.EntityType) is FtrackEntityTypes.AssetVersion or FtrackEntityTypes.TypedContext);
    }

    /// <summary>The action's I/O: the selected entities' types, the note categories, the session user, the notes and the Job.</summary>
    internal sealed class Handler(LocalActionRuntime local, UserActionRuntime runtime, FtrackSession session, FtrackConnection connection) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            if (request.Step == LocalActionStep.Discover)
            {
                await local.RunAsync(Action.Menu, request.Event, request.Step, async ct => await TargetsAsync(EventProject.Selection(request.Event), ct) is not null,
                    _ => Task.FromResult(ActionResult.None), cancellationToken);
                return Unit.Value;
            }

            await local.LaunchAsync(Action.Menu, request.Event, ct => runtime.GuardAsync(Action, request.Event, guarded => LaunchAsync(request.Event, guarded), ct), cancellationToken);
            return Unit.Value;
        }

        /// <summary>The selected entities as (id, note parent type), or null when the selection is not two or more versions and tasks.</summary>
        private async Task<IReadOnlyList<(string Id, string ParentType)>?> TargetsAsync(IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken)
        {
            if (!MayApply(selection))
            {
                return null;
            }

            var contextIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.TypedContext).Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            if (contextIds.Count > 0)
            {
                var contexts = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id").Where(FtrackFilter.In("id", contextIds)), cancellationToken);
                if (contexts.Count != contextIds.Count || contexts.Any(c => c.EntityType != FtrackEntityTypes.Task))
                {
                    return null;
                }
            }

            return [.. selection.Select(s => (s.EntityId, EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.AssetVersion ? FtrackEntityTypes.AssetVersion : FtrackEntityTypes.TypedContext))
                .Distinct()];
        }

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            if (await TargetsAsync(EventProject.Selection(e), cancellationToken) is not { } targets)
            {
                return ActionResult.Message(false, "Select two or more versions or tasks (and nothing else) to add one note to all of them.");
            }

            var values = ActionEvents.Values(e);
            if (values is null || values.Count == 0)
            {
                var categories = await session.QueryAsync(FtrackQuery.From("NoteCategory").Select("id", "name"), c => (c.Id, Name: c.GetString("name") ?? c.Id), cancellationToken);
                return NoteForm.Form(categories, NoCategory);
            }

            if (NoteForm.NoteOf(values) is not { } note)
            {
                return ActionResult.Message(false, "No note was entered; nothing was added.");
            }

            var username = connection.Required.ApiUser;
            if (await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.User).Select("id").Where(FtrackFilter.Is("username", username)), cancellationToken) is not { } user)
            {
                return ActionResult.Message(false, $"The ftrack user this action server is logged in as ({username}) was not found.");
            }

            var categoryId = NoteForm.CategoryOf(values, NoCategory);
            if (categoryId is not null && await session.QueryFirstAsync(FtrackQuery.From("NoteCategory").Select("id").Where(FtrackFilter.Is("id", categoryId)), cancellationToken) is null)
            {
                return ActionResult.Message(false, "The chosen note category no longer exists; nothing was added.");
            }

            return await DesktopJobs.RunAsync(runtime, session, e, "Add note to multiple entities", async (_, ct) =>
            {
                foreach (var (id, parentType) in targets)
                {
                    var data = new Dictionary<string, object?>
                    {
                        ["content"] = note, ["user_id"] = user.Id, ["parent_id"] = id, ["parent_type"] = parentType, ["is_todo"] = false,
                    };
                    if (categoryId is not null)
                    {
                        data["category_id"] = categoryId;
                    }

                    session.Create(FtrackEntityTypes.Note, data);
                }

                await session.CommitAsync(ct);
                return ActionResult.Message(true, $"Note added to {targets.Count} entities.");
            }, cancellationToken);
        }
    }
}
