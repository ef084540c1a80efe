using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "Multiple Notes (Server - AYON)" (Python origin: <c>action_multiple_notes.py</c>, P-04): offered when everything
/// selected is an AssetVersion; the form asks for the note and a note category, and the submission adds that note, by
/// the user who launched the action, to every selected version (one commit per version). Like the original it has no
/// settings and no role check.
/// </summary>
public static partial class MultipleNotes
{
    /// <summary>The enumerator value for "no category".</summary>
    public const string NoCategory = "__NONE__";

    /// <summary>The action as ftrack shows it; identifier and label are the original's.</summary>
    public static readonly ServerAction Action = new("ayon.multiple.notes.server", "Multiple Notes (Server - AYON)", Description: "Add same note to multiple Asset Versions");

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => VersionIdsOf(e).Count > 0);

    /// <summary>The click (no values: the form) or the submission (<c>note</c>, <c>category</c>) on the selected versions.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, IReadOnlyList<string> VersionIds, JsonObject? Values) : IActionLaunch;

    /// <summary>Launches of this action on AssetVersions.</summary>
    public static LaunchCommand? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return VersionIdsOf(e) is { Count: > 0 } ids ? new LaunchCommand(e, ids, ActionEvents.Values(e)) : null;
    }

    /// <summary>The selected AssetVersion ids; empty when nothing, or anything else, is selected.</summary>
    public static IReadOnlyList<string> VersionIdsOf(FtrackEvent e)
    {
        var selection = EventProject.Selection(e);
        return selection.Count > 0 && selection.All(s => string.Equals(s.EntityType, "assetversion", StringComparison.OrdinalIgnoreCase))
            ? [.. selection.Select(s => s.EntityId).Distinct(StringComparer.Ordinal)]
            : [];
    }

    internal sealed partial class LaunchHandler(ActionRuntime actions, FtrackSession session, ILogger<LaunchHandler> logger) : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            if (launch.Values is null || launch.Values.Count == 0)
            {
                var categories = await session.QueryAsync(
                    FtrackQuery.From("NoteCategory").Select("id", "name"), e => (e.Id, Name: e.GetString("name") ?? e.Id), cancellationToken);
                return NoteForm.Form(categories, NoCategory);
            }

            if (NoteForm.NoteOf(launch.Values) is not { } note)
            {
                return ActionResult.Message(true, "Note was not entered. Skipping");
            }

            if (await actions.UserIdAsync(launch.Event, cancellationToken) is not { } userId)
            {
                return ActionResult.Message(false, "Couldn't get user information.");
            }

            var categoryId = NoteForm.CategoryOf(launch.Values, NoCategory);
            if (categoryId is not null && await session.QueryFirstAsync(FtrackQuery.From("NoteCategory").Select("id").Where(FtrackFilter.Is("id", categoryId)), cancellationToken) is null)
            {
                categoryId = null;
            }

            var versions = await session.QueryAsync(
                FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id").Where(FtrackFilter.In("id", launch.VersionIds)), e => e.Id, cancellationToken);
            foreach (var version in versions)
            {
                var data = new Dictionary<string, object?>
                {
                    ["content"] = note, ["user_id"] = userId, ["parent_id"] = version, ["parent_type"] = "AssetVersion", ["is_todo"] = false,
                };
                if (categoryId is not null)
                {
                    data["category_id"] = categoryId;
                }

                session.Create(FtrackEntityTypes.Note, data);
                await session.CommitAsync(cancellationToken);
            }

            Log.NotesAdded(logger, versions.Count, userId);
            return ActionResult.Done(true);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 8030, Level = LogLevel.Information, Message = "Multiple Notes: a note added to {Versions} AssetVersions by ftrack user {UserId}")]
            public static partial void NotesAdded(ILogger logger, int versions, string userId);
        }
    }
}
