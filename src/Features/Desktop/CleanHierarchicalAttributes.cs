using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "AYON Admin - Clean hierarchical custom attributes" (Python origin:
/// <c>event_handlers_user/action_clean_hierarchical_attributes.py</c>, U-03): offered on one selected project to users
/// with a role of <c>user_handlers.clean_hierarchical_attr</c>. It deletes the hierarchical custom attribute values that
/// are set explicitly to null on the project's non-task entities, so those entities inherit the value again; the work
/// runs under an ftrack Job that tells how many values were cleaned. Fixed against the original: a project disabled
/// for ftrack refuses it, and a selection of anything but one project is a readable refusal.
/// </summary>
public static class CleanHierarchicalAttributes
{
    /// <summary>The action as ftrack shows it; identifier, label, variant, icon and settings key are the original's.</summary>
    public static readonly UserAction Action = new(
        new LocalAction("ayon.clean.hierarchical.attr", "AYON Admin", "- Clean hierarchical custom attributes", "Unset empty hierarchical attribute values."),
        "clean_hierarchical_attr", IconFile: ActionIcons.AyonAdmin);

    /// <summary>How many entity ids one value query names.</summary>
    public const int ChunkSize = 100;

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.clean.hierarchical.attr.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when exactly one project is selected.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count == 1 && EventProject.QueryTypeOf(selection[0].EntityType) == FtrackEntityTypes.Project;
    }

    /// <summary>The values to delete: rows whose value is explicitly null (a row without a value is not a null).</summary>
    public static IReadOnlyList<FtrackEntityRef> NullValues(IEnumerable<FtrackEntity> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Where(v => v.Has("value") && v["value"] is null).Select(v => v.Ref)];
    }

    /// <summary>The action's I/O: the project's contexts, the hierarchical configurations and their values, all in ftrack.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!Applies(selection))
            {
                return ActionResult.Message(false, "Select one project to clean its hierarchical attributes; nothing was changed.");
            }

            var projectId = selection[0].EntityId;
            await runtime.Actions.ShowMessageAsync(e, true, "This may take some time", cancellationToken);
            return await runtime.RunJobAsync(e, "Cleaning hierarchical custom attributes.", async ct =>
            {
                var entityIds = (await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id").Where(FtrackFilter.Is("project_id", projectId)), entity => entity, ct))
                    .Where(entity => entity.EntityType != FtrackEntityTypes.Task).Select(entity => entity.Id).ToList();
                var configurations = (await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id", "key", "is_hierarchical").Where(FtrackFilter.Is("is_hierarchical", true)),
                    c => c.Id, ct)).ToList();
                var cleaned = 0;
                if (configurations.Count > 0)
                {
                    foreach (var chunk in entityIds.Chunk(ChunkSize))
                    {
                        var values = await session.QueryAsync(
                            FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue).Select("value", "entity_id", "configuration_id")
                                .Where(FtrackFilter.In("configuration_id", configurations)).Where(FtrackFilter.In("entity_id", chunk)),
                            v => v, ct);
                        foreach (var value in NullValues(values))
                        {
                            session.Delete(value);
                            cleaned++;
                        }

                        await session.CommitAsync(ct);
                    }
                }

                var text = $"{cleaned} empty value(s) of {configurations.Count} hierarchical attribute(s) on {entityIds.Count} entities cleaned.";
                return new JobOutcome(ActionResult.Message(true, text), $"Clean hierarchical custom attributes: {text}");
            }, cancellationToken);
        }
    }
}
