using System.Text.Json.Nodes;
using AyonFtrack.Features.Automations;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.Automations;

/// <summary>A small project for the automations' decisions: statuses with states, a Shot schema, a task workflow with one override.</summary>
internal static class AutomationStates
{
    public const string Project = "proj-1";
    public const string ShotType = "ot-shot";
    public const string AssetBuildType = "ot-assetbuild";
    public const string SequenceType = "ot-sequence";
    public const string Modeling = "type-modeling";
    public const string Texture = "type-texture";
    public const string Lighting = "type-lighting";
    public const string Compositing = "type-compositing";

    public static readonly StatusInfo NotReady = new("st-notready", "Not Ready", "Not Started");
    public static readonly StatusInfo Ready = new("st-ready", "Ready", "Not Started");
    public static readonly StatusInfo InProgress = new("st-inprogress", "In Progress", "In Progress");
    public static readonly StatusInfo PendingReview = new("st-review", "Pending Review", "In Progress");
    public static readonly StatusInfo Retake = new("st-retake", "Retake", "In Progress");
    public static readonly StatusInfo Approved = new("st-approved", "Approved", "Done");
    public static readonly StatusInfo Omitted = new("st-omitted", "Omitted", "Done");
    public static readonly StatusInfo Completed = new("st-completed", "Completed", "Done");
    public static readonly StatusInfo OnHold = new("st-hold", "On Hold", "Blocked");
    public static readonly StatusInfo Final = new("st-final", "Final", "Done");

    public static readonly StatusInfo[] All = [NotReady, Ready, InProgress, PendingReview, Retake, Approved, Omitted, Completed, OnHold, Final];

    public static readonly TaskStatusToParent.ObjectTypeName[] ObjectTypes =
        [new(ShotType, "Shot"), new(AssetBuildType, "Asset Build"), new(SequenceType, "Sequence"), new("ot-task", "Task")];

    /// <summary>
    /// Shots allow every status but Final; Asset Builds only Not Ready and On Hold; tasks use the task workflow (no
    /// Final, no Completed) except Compositing, whose override workflow holds only Not Ready, In Progress and Final.
    /// </summary>
    public static StatusCatalog Catalog() => new(
        All,
        new Dictionary<string, IReadOnlyList<string>>
        {
            [ShotType] = [.. All.Where(s => s != Final).Select(s => s.Id)],
            [AssetBuildType] = [NotReady.Id, OnHold.Id],
            [SequenceType] = [.. All.Select(s => s.Id)],
        },
        [.. All.Where(s => s != Final && s != Completed).Select(s => s.Id)],
        new Dictionary<string, IReadOnlyList<string>> { [Compositing] = [NotReady.Id, InProgress.Id, Final.Id] },
        [NotReady.Id, PendingReview.Id, Approved.Id, Retake.Id]);

    public static ContextRow Shot(string id, StatusInfo status) => new(id, "Shot", id, "seq-1", ShotType, null, status.Id, "seq/" + id);

    public static ContextRow Task(string id, string parentId, string typeId, StatusInfo status) => new(id, "Task", id, parentId, "ot-task", typeId, status.Id, parentId + "/" + id);

    /// <summary>An <c>ftrack.update</c> item in the server's shape (parents from the entity up to the project).</summary>
    public static JsonObject Item(string entityType, string concrete, string id, string? parentId, string? oldStatus, string? newStatus, string action = "update")
    {
        var parents = new JsonArray(new JsonObject { ["entityId"] = id, ["entityType"] = entityType, ["entity_type"] = concrete, ["parentId"] = parentId });
        if (parentId is not null)
        {
            parents.Add(new JsonObject { ["entityId"] = parentId, ["entityType"] = "task", ["entity_type"] = "Shot", ["parentId"] = Project });
        }

        parents.Add(new JsonObject { ["entityId"] = Project, ["entityType"] = "show", ["entity_type"] = "Project", ["parentId"] = null });
        return new JsonObject
        {
            ["action"] = action, ["entityId"] = id, ["entityType"] = entityType, ["entity_type"] = concrete, ["parentId"] = parentId,
            ["keys"] = new JsonArray("statusid"),
            ["changes"] = new JsonObject { ["statusid"] = new JsonObject { ["old"] = oldStatus, ["new"] = newStatus } },
            ["parents"] = parents,
        };
    }

    public static FtrackEvent Update(params JsonObject[] items) =>
        FtrackEvent.Create("ev-1", "ftrack.update", new JsonObject { ["entities"] = new JsonArray([.. items]) },
            new JsonObject { ["user"] = new JsonObject { ["username"] = "jane", ["id"] = "user-jane" } });
}
