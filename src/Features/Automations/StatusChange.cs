using System.Text.Json;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// One status change of an <c>ftrack.update</c> item (ftrack-protocol.md §4.2): <c>changes.statusid</c> with its old and
/// new status ids, the entity's legacy <c>entityType</c> (<c>task</c> for every TypedContext, <c>assetversion</c>), its
/// concrete <c>entity_type</c>, its direct parent and the project named in <c>parents</c>.
/// </summary>
public sealed record StatusChange(
    string ProjectId,
    string EntityId,
    string EntityType,
    string? ConcreteType,
    string? ParentId,
    string? OldStatusId,
    string? NewStatusId)
{
    /// <summary>The topic the automations listen to.</summary>
    public const string Topic = Topics.FtrackUpdate;

    /// <summary>A TypedContext (legacy <c>task</c>: Task, Shot, Asset Build, ...).</summary>
    public bool IsContext => EntityType == "task";

    /// <summary>A ftrack Task.</summary>
    public bool IsTask => IsContext && ConcreteType == "Task";

    /// <summary>An AssetVersion.</summary>
    public bool IsVersion => EntityType == "assetversion";

    /// <summary>Both the old and the new status are set (a change, not a creation or a cleared status).</summary>
    public bool HasOldAndNew => OldStatusId is not null && NewStatusId is not null;

    /// <summary>
    /// The status changes of the event (items whose <c>changes</c> hold <c>statusid</c> and whose <c>parents</c> name the
    /// project); empty when the topic is not <c>ftrack.update</c>. Pure; malformed items are skipped, never thrown.
    /// </summary>
    public static IReadOnlyList<StatusChange> Of(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Topic != Topic)
        {
            return [];
        }

        var result = new List<StatusChange>();
        foreach (var item in e.Entities)
        {
            if (item.ValueKind != JsonValueKind.Object
                || Str(item, "entityId") is not { } id
                || !item.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Object
                || !changes.TryGetProperty("statusid", out var status) || status.ValueKind != JsonValueKind.Object
                || ProjectOf(item) is not { } projectId)
            {
                continue;
            }

            result.Add(new StatusChange(projectId, id, Str(item, "entityType") ?? "", Str(item, "entity_type"), Str(item, "parentId"), Str(status, "old"), Str(status, "new")));
        }

        return result;
    }

    private static string? ProjectOf(JsonElement item)
    {
        if (!item.TryGetProperty("parents", out var parents) || parents.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var parent in parents.EnumerateArray().Reverse())
        {
            if (parent.ValueKind == JsonValueKind.Object && Str(parent, "entityType") == "show")
            {
                return Str(parent, "entityId");
            }
        }

        return null;
    }

    private static string? Str(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
