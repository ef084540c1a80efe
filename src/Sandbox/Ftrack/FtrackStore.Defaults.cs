using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>The writer's server defaults on create: ids, dates, the creator, first statuses and types, then the required check (ftrack-protocol.md §1.6).</summary>
internal sealed partial class FtrackStore
{
    private void ApplyDefaults(string type, Dictionary<string, JsonNode?> values, OperationContext context)
    {
        var schema = Model.Get(type);
        foreach (var property in schema.Properties.Values)
        {
            if (property.Default is not null && property.IsScalar && !values.ContainsKey(property.Name))
            {
                values[property.Name] = property.Default is JsonValue d && d.TryGetValue<string>(out var s) && s == "{uid}"
                    ? Guid.NewGuid().ToString()
                    : property.Default.DeepClone();
            }
        }

        void Fill(string name, JsonNode? value)
        {
            if (schema.Properties.ContainsKey(name) && values.GetValueOrDefault(name) is null)
            {
                values[name] = value;
            }
        }

        var now = Now();
        Fill("created_at", now);
        Fill("created_by_id", context.UserId);
        if (Model.IsTypedContext(type))
        {
            Fill("object_type_id", Model.ObjectTypeOf(type));
            Fill("context_type", "task");
            Fill("bid", 0);
            Fill("sort", 0);
            Fill("description", "");
            var parent = FindById("Context", FtrackValue.ReadString(values.GetValueOrDefault("parent_id")));
            values["project_id"] = parent?.Type == "Project" ? parent.Id : parent?.Str("project_id") ?? FtrackValue.ReadString(values.GetValueOrDefault("project_id"));
            Fill("priority_id", All("Priority").OrderBy(p => FtrackValue.ReadInt64(p.Get("sort")) ?? 0).FirstOrDefault()?.Id);
            if (values.GetValueOrDefault("status_id") is null && IsStatusable(FtrackValue.ReadString(values.GetValueOrDefault("object_type_id"))))
            {
                values["status_id"] = DefaultContextStatus(values);
            }
        }

        switch (type)
        {
            case "Project":
                Fill("context_type", "show");
                Fill("status", "active");
                Fill("project_schema_id", All("ProjectSchema").OrderBy(p => p.Sequence).FirstOrDefault()?.Id);
                break;
            case "FileComponent":
                Fill("system_type", "file");
                break;
            case "SequenceComponent":
                Fill("system_type", "sequence");
                break;
            case "ContainerComponent":
                Fill("system_type", "container");
                break;
            case "AssetVersion":
                if (values.GetValueOrDefault("version") is null)
                {
                    var asset = FtrackValue.ReadString(values.GetValueOrDefault("asset_id"));
                    values["version"] = (All("AssetVersion").Where(v => v.Str("asset_id") == asset).Max(v => FtrackValue.ReadInt64(v.Get("version"))) ?? 0) + 1;
                }

                Fill("date", now);
                Fill("user_id", context.UserId);
                Fill("status_id", DefaultVersionStatus(values));
                break;
            case "User":
                Fill("is_otp_enabled", false);
                Fill("is_totp_enabled", false);
                Fill("require_details_update", false);
                Fill("is_active", false);
                Fill("user_type_id", FtrackSeed.DefaultUserTypeId);
                break;
            case "Job":
                Fill("user_id", context.UserId);
                break;
            case "Note":
                Fill("date", now);
                Fill("thread_activity", now);
                Fill("user_id", context.UserId);
                break;
            case "TypedContextList" or "AssetVersionList":
                Fill("date", now);
                Fill("user_id", context.UserId);
                Fill("category_id", All("ListCategory").OrderBy(c => c.Sequence).FirstOrDefault()?.Id);
                break;
            case "CustomAttributeConfiguration":
                Fill("config", "{}");
                Fill("label", FtrackValue.ReadString(values.GetValueOrDefault("key")));
                break;
        }

        foreach (var (name, value) in values.ToList())
        {
            if (value is not null && schema.Properties.GetValueOrDefault(name) is { Format: "date-time" or "date" })
            {
                values[name] = NormalizeDateTime(value);
            }
        }
    }

    private bool IsStatusable(string? objectTypeId) =>
        FindById("ObjectType", objectTypeId) is not { } objectType || FtrackValue.ReadBoolean(objectType.Get("is_statusable")) != false;

    private bool IsTypeable(string? objectTypeId) =>
        FindById("ObjectType", objectTypeId) is { } objectType && FtrackValue.ReadBoolean(objectType.Get("is_typeable")) == true;

    private string? DefaultContextStatus(Dictionary<string, JsonNode?> values)
    {
        var objectTypeId = FtrackValue.ReadString(values.GetValueOrDefault("object_type_id"));
        var project = FindById("Project", FtrackValue.ReadString(values.GetValueOrDefault("project_id")));
        var projectSchema = FindById("ProjectSchema", project?.Str("project_schema_id"));
        if (projectSchema is not null)
        {
            if (objectTypeId == FtrackObjectTypeIds.Task)
            {
                var typeId = FtrackValue.ReadString(values.GetValueOrDefault("type_id"));
                var workflow = All("ProjectSchemaOverride").FirstOrDefault(o => o.Str("project_schema_id") == projectSchema.Id && o.Str("type_id") == typeId)?.Str("workflow_schema_id")
                    ?? projectSchema.Str("task_workflow_schema_id");
                if (FirstWorkflowStatus(workflow) is { } status)
                {
                    return status;
                }
            }
            else
            {
                var schema = All("Schema").FirstOrDefault(s => s.Str("project_schema_id") == projectSchema.Id && s.Str("object_type_id") == objectTypeId);
                var first = All("SchemaStatus").Where(s => s.Str("schema_id") == schema?.Id && schema is not null)
                    .OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0).FirstOrDefault();
                if (first?.Str("status_id") is { } status)
                {
                    return status;
                }
            }
        }

        return All("Status").OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0).ThenBy(s => s.Sequence).FirstOrDefault()?.Id;
    }

    private string? DefaultVersionStatus(Dictionary<string, JsonNode?> values)
    {
        var asset = FindById("Asset", FtrackValue.ReadString(values.GetValueOrDefault("asset_id")));
        var project = asset is null ? null : ProjectOf(asset);
        var projectSchema = FindById("ProjectSchema", project?.Str("project_schema_id"));
        return FirstWorkflowStatus(projectSchema?.Str("asset_version_workflow_schema_id"))
            ?? All("Status").OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0).ThenBy(s => s.Sequence).FirstOrDefault()?.Id;
    }

    private string? FirstWorkflowStatus(string? workflowId) =>
        workflowId is null
            ? null
            : All("WorkflowSchemaStatus").Where(w => w.Str("workflow_schema_id") == workflowId)
                .Select(w => FindById("Status", w.Str("status_id")))
                .OfType<StoredEntity>()
                .OrderBy(s => FtrackValue.ReadInt64(s.Get("sort")) ?? 0)
                .ThenBy(s => s.Sequence)
                .FirstOrDefault()?.Id;

    private void CheckRequired(string type, FtrackSchema schema, Dictionary<string, JsonNode?> values)
    {
        var objectTypeId = FtrackValue.ReadString(values.GetValueOrDefault("object_type_id"));
        var missing = schema.Required
            .Where(name => schema.Properties.TryGetValue(name, out var p) && p.IsScalar && values.GetValueOrDefault(name) is null)
            .Where(name => !(Model.IsTypedContext(type) && name == "type_id" && !IsTypeable(objectTypeId)))
            .Where(name => !(Model.IsTypedContext(type) && name == "status_id" && !IsStatusable(objectTypeId)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new EmulatorError("ValidationError", $"Missing required attribute(s) for {type}: {string.Join(", ", missing)}.");
        }
    }
}
