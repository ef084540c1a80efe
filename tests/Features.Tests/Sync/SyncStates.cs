using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Tests.Sync;

/// <summary>Small hand-built states of both sides for the pure sync functions.</summary>
internal static class SyncStates
{
    public const string ProjectId = "p-1";
    public const string AyonIdConf = "conf-ayon-id";
    public const string AyonPathConf = "conf-ayon-path";
    public const string FailedConf = "conf-failed";

    public static FtrackContextInfo Context(string id, string name, string? parentId, string entityType = "Shot", string? typeName = null, params string[] link) =>
        new(id, entityType, name, parentId, entityType == "Task" ? "Task" : entityType, null, typeName, null, null, null, null, ["show", .. link]);

    public static FtrackProjectState Ftrack(IReadOnlyList<FtrackContextInfo> contexts, Dictionary<(string, string), JsonNode?>? values = null) =>
        new(ProjectId, "show", "sh", ["Sequence", "Shot"], ["Compositing"], [], contexts,
            [
                Conf(AyonIdConf, FtrackCustomAttributeKeys.AyonId, "text"),
                Conf(AyonPathConf, FtrackCustomAttributeKeys.AyonPath, "text"),
                Conf(FailedConf, FtrackCustomAttributeKeys.AyonSyncFailed, "boolean"),
            ],
            values ?? [],
            new Dictionary<string, IReadOnlyList<FtrackUserInfo>>());

    public static FolderNode Folder(string id, string name, string? parentId, string? ftrackId, string path, string folderType = "Shot", bool active = true) => new()
    {
        Id = id, Name = name, Label = name, FolderType = folderType, ParentId = parentId, Path = path, Active = active,
        OwnAttrib = ["ftrackId", "ftrackPath"],
        AllAttrib = new JsonObject { ["ftrackId"] = ftrackId, ["ftrackPath"] = path.TrimStart('/') }.ToJsonString(),
    };

    public static TaskNode Task(string id, string name, string folderId, string? ftrackId) => new()
    {
        Id = id, Name = name, Label = name, TaskType = "Compositing", FolderId = folderId,
        AllAttrib = new JsonObject { ["ftrackId"] = ftrackId }.ToJsonString(),
    };

    public static AyonProjectState Ayon(IReadOnlyList<FolderNode> folders, IReadOnlyList<TaskNode>? tasks = null) =>
        new(new ProjectModel
            {
                Name = "show", Code = "sh",
                FolderTypes = [new ProjectTypeItem { Name = "Sequence" }, new ProjectTypeItem { Name = "Shot" }],
                TaskTypes = [new ProjectTypeItem { Name = "Compositing", ShortName = "compositing" }],
                Attrib = new JsonObject { ["ftrackId"] = ProjectId },
            },
            folders, tasks ?? [], [],
            [
                new AttributeModel("ftrackId", 0, false, ["project", "folder", "task"], new AttributeData { Type = "string" }),
                new AttributeModel("ftrackPath", 1, false, ["project", "folder", "task"], new AttributeData { Type = "string" }),
            ]);

    private static FtrackConfigurationInfo Conf(string id, string key, string type) =>
        new(new FtrackAttributeConfiguration(id, key, true, "show", null, "ayon"), type, null);
}
