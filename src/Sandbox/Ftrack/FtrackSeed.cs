using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// What a fresh ftrack server holds: object types with their well-known ids, priorities, states and statuses,
/// task types, user types, security roles, locations, asset types, custom attribute types and group, list and note
/// categories, and a default project schema with its workflows (ftrack-protocol.md §1.8).
/// </summary>
internal static class FtrackSeed
{
    public const string DefaultUserTypeId = "ac9fa5aa-4361-11e0-b7cc-0019bb4983d8";
    public const string DefaultPriorityId = "9661b320-3a0c-11e2-81c1-0800200c9a66";
    public const string NotStartedStatusId = "44dd9fb2-4164-11df-9218-0019bb4983d8";
    public const string InProgressStatusId = "5c74bae6-5659-11e1-b145-f23c91df25eb";
    public const string NotStartedStateId = "6c59abf8-4dbf-11e1-9902-f23c91df25eb";

    /// <summary>A stable id derived from a name, so seeded rows keep their ids from run to run.</summary>
    public static string IdFor(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ftrack-emulator:" + name))[..16];
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }

    public static void Apply(FtrackStore store)
    {
        var context = new OperationContext(null, null);
        void Create(string type, JsonObject data) =>
            store.Create(new JsonObject { ["action"] = "create", ["entity_type"] = type, ["entity_data"] = data }, context)();

        (string Id, string Name, int Sort, bool Statusable, bool Typeable, bool Leaf)[] objectTypes =
        [
            (FtrackObjectTypeIds.Folder, "Folder", 0, false, false, false),
            (FtrackObjectTypeIds.Episode, "Episode", 1, true, false, false),
            (FtrackObjectTypeIds.Sequence, "Sequence", 2, true, false, false),
            (FtrackObjectTypeIds.Shot, "Shot", 3, true, false, false),
            (FtrackObjectTypeIds.AssetBuild, "Asset Build", 4, true, true, false),
            (FtrackObjectTypeIds.Milestone, "Milestone", 5, true, true, true),
            (FtrackObjectTypeIds.Task, "Task", 6, true, true, true),
        ];
        foreach (var o in objectTypes)
        {
            Create("ObjectType", new JsonObject
            {
                ["id"] = o.Id, ["name"] = o.Name, ["sort"] = o.Sort, ["is_statusable"] = o.Statusable, ["is_typeable"] = o.Typeable,
                ["is_leaf"] = o.Leaf, ["is_taskable"] = !o.Leaf, ["is_time_reportable"] = o.Leaf, ["is_schedulable"] = o.Leaf,
            });
        }

        Create("Priority", new JsonObject { ["id"] = DefaultPriorityId, ["name"] = "None", ["sort"] = 0, ["value"] = 0, ["color"] = "#E67E22" });
        Create("Priority", new JsonObject { ["id"] = IdFor("priority:high"), ["name"] = "High", ["sort"] = 1, ["value"] = 1, ["color"] = "#E74C3C" });

        (string Id, string Name, string Short)[] states =
        [
            (NotStartedStateId, "Not Started", "NOT_STARTED"),
            (IdFor("state:in-progress"), "In Progress", "IN_PROGRESS"),
            (IdFor("state:done"), "Done", "DONE"),
            (IdFor("state:blocked"), "Blocked", "BLOCKED"),
        ];
        foreach (var s in states)
        {
            Create("State", new JsonObject { ["id"] = s.Id, ["name"] = s.Name, ["short"] = s.Short });
        }

        (string Id, string Name, string State, string Color)[] statuses =
        [
            (NotStartedStatusId, "Not started", NotStartedStateId, "#CCCCCC"),
            ("ready-placeholder", "Ready", NotStartedStateId, "#3498DB"),
            (InProgressStatusId, "In progress", states[1].Id, "#4BB5FF"),
            ("review-placeholder", "Pending Review", states[1].Id, "#9B59B6"),
            ("approved-placeholder", "Approved", states[2].Id, "#1CBC90"),
            ("hold-placeholder", "On Hold", states[3].Id, "#E74C3C"),
            ("omitted-placeholder", "Omitted", states[2].Id, "#6C7A89"),
        ];
        var statusIds = new List<string>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var s = statuses[i];
            var id = s.Id.EndsWith("-placeholder", StringComparison.Ordinal) ? IdFor("status:" + s.Name) : s.Id;
            statusIds.Add(id);
            Create("Status", new JsonObject
            {
                ["id"] = id, ["name"] = s.Name, ["sort"] = i, ["color"] = s.Color, ["is_active"] = true,
                ["state"] = new JsonObject { ["__entity_type__"] = "State", ["id"] = s.State },
            });
        }

        string[] taskTypes = ["Generic", "Modeling", "Rigging", "Texture", "Lookdev", "Layout", "Animation", "FX", "Lighting", "Compositing", "Editing"];
        var typeIds = new List<string>();
        for (var i = 0; i < taskTypes.Length; i++)
        {
            var id = IdFor("type:" + taskTypes[i]);
            typeIds.Add(id);
            Create("Type", new JsonObject { ["id"] = id, ["name"] = taskTypes[i], ["sort"] = i, ["color"] = "#510100", ["is_billable"] = true });
        }

        Create("UserType", new JsonObject { ["id"] = DefaultUserTypeId, ["name"] = "user" });
        Create("UserType", new JsonObject { ["id"] = IdFor("usertype:service"), ["name"] = "service" });
        Create("UserType", new JsonObject { ["id"] = IdFor("usertype:demo"), ["name"] = "demo" });
        Create("SecurityRole", new JsonObject { ["id"] = IdFor("role:Administrator"), ["name"] = "Administrator", ["type"] = "API" });
        Create("SecurityRole", new JsonObject { ["id"] = IdFor("role:API"), ["name"] = "API", ["type"] = "API" });
        Create("SecurityRole", new JsonObject { ["id"] = IdFor("role:User"), ["name"] = "User", ["type"] = "PROJECT" });

        (string Id, string Name)[] locations =
        [
            (FtrackLocationIds.Origin, "ftrack.origin"),
            (FtrackLocationIds.Unmanaged, "ftrack.unmanaged"),
            (FtrackLocationIds.Review, "ftrack.review"),
            (FtrackLocationIds.Connect, "ftrack.connect"),
            (FtrackLocationIds.Server, "ftrack.server"),
        ];
        foreach (var l in locations)
        {
            Create("Location", new JsonObject { ["id"] = l.Id, ["name"] = l.Name, ["label"] = l.Name, ["description"] = "" });
        }

        (string Name, string Short)[] assetTypes = [("Upload", "upload"), ("Geometry", "geo"), ("Render", "render"), ("Image", "img"), ("Comp", "comp"), ("Animation", "anim")];
        foreach (var a in assetTypes)
        {
            Create("AssetType", new JsonObject { ["id"] = IdFor("assettype:" + a.Short), ["name"] = a.Name, ["short"] = a.Short });
        }

        foreach (var name in new[] { "number", "text", "boolean", "enumerator", "date", "expression", "notificationtype", "dynamic enumerator" })
        {
            Create("CustomAttributeType", new JsonObject { ["id"] = IdFor("catype:" + name), ["name"] = name, ["core"] = true });
        }

        Create("CustomAttributeGroup", new JsonObject { ["id"] = IdFor("cagroup:ayon"), ["name"] = "ayon" });
        Create("ListCategory", new JsonObject { ["id"] = IdFor("listcategory:Default"), ["name"] = "Default" });
        Create("NoteCategory", new JsonObject { ["id"] = IdFor("notecategory:Default"), ["name"] = "Default" });
        Create("NoteCategory", new JsonObject { ["id"] = IdFor("notecategory:Client feedback"), ["name"] = "Client feedback" });

        var taskWorkflow = IdFor("workflow:task");
        var versionWorkflow = IdFor("workflow:version");
        Create("WorkflowSchema", new JsonObject { ["id"] = taskWorkflow, ["name"] = "Default task workflow" });
        Create("WorkflowSchema", new JsonObject { ["id"] = versionWorkflow, ["name"] = "Default version workflow" });
        foreach (var status in statusIds)
        {
            Create("WorkflowSchemaStatus", new JsonObject { ["workflow_schema_id"] = taskWorkflow, ["status_id"] = status });
            Create("WorkflowSchemaStatus", new JsonObject { ["workflow_schema_id"] = versionWorkflow, ["status_id"] = status });
        }

        var taskTypeSchema = IdFor("tasktypeschema:default");
        Create("TaskTypeSchema", new JsonObject { ["id"] = taskTypeSchema, ["name"] = "Default task types" });
        foreach (var type in typeIds)
        {
            Create("TaskTypeSchemaType", new JsonObject { ["task_type_schema_id"] = taskTypeSchema, ["type_id"] = type });
        }

        var projectSchema = DefaultProjectSchemaId;
        Create("ProjectSchema", new JsonObject
        {
            ["id"] = projectSchema, ["name"] = "Default",
            ["task_workflow_schema_id"] = taskWorkflow, ["asset_version_workflow_schema_id"] = versionWorkflow, ["task_type_schema_id"] = taskTypeSchema,
        });
        foreach (var o in objectTypes)
        {
            Create("ProjectSchemaObjectType", new JsonObject { ["project_schema_id"] = projectSchema, ["object_type_id"] = o.Id });
            if (o.Id == FtrackObjectTypeIds.Task || !o.Statusable)
            {
                continue;
            }

            var schema = IdFor("schema:" + o.Name);
            Create("Schema", new JsonObject { ["id"] = schema, ["project_schema_id"] = projectSchema, ["type_id"] = o.Id, ["object_type_id"] = o.Id });
            for (var i = 0; i < statusIds.Count; i++)
            {
                Create("SchemaStatus", new JsonObject { ["schema_id"] = schema, ["status_id"] = statusIds[i], ["sort"] = i });
            }
        }
    }

    public static string DefaultProjectSchemaId { get; } = IdFor("projectschema:default");
}
