using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// Projects of ayon-protocol.md §3.3: deploy from an anatomy (built-in default when none is given),
/// PATCH with list replacement and <c>original_name</c> renames, delete, read; events of §4.3.
/// </summary>
internal static class ProjectOperations
{
    private static readonly (string Key, string AnatomyKey, string Column, string? EntityKey)[] TypeLists =
    [
        ("folderTypes", "folder_types", "folderType", "folderType"),
        ("taskTypes", "task_types", "taskType", "taskType"),
        ("statuses", "statuses", "status", "status"),
        ("tags", "tags", "tags", null),
    ];

    /// <summary>The built-in anatomy (snake_case, as <c>GET /api/anatomy/presets/_</c> returns it).</summary>
    public static JsonObject BuiltInAnatomy()
    {
        static JsonObject Type(string name, string shortName, string icon) =>
            new() { ["name"] = name, ["shortName"] = shortName, ["color"] = "#cccccc", ["icon"] = icon };
        static JsonObject Status(string name, string shortName, string state, string color, params string[] scope) => new()
        {
            ["name"] = name,
            ["shortName"] = shortName,
            ["state"] = state,
            ["icon"] = "",
            ["color"] = color,
            ["scope"] = new JsonArray([.. (scope.Length == 0 ? AllScopes : scope).Select(s => (JsonNode?)s)]),
        };

        return new JsonObject
        {
            ["entity_naming"] = new JsonObject { ["capitalization"] = "keep", ["separator"] = "" },
            ["roots"] = Anatomy.AnatomyConfig.DefaultRoots(),
            ["templates"] = Anatomy.AnatomyConfig.DefaultTemplates(),
            ["attributes"] = new JsonObject
            {
                ["fps"] = 25.0,
                ["resolutionWidth"] = 1920,
                ["resolutionHeight"] = 1080,
                ["pixelAspect"] = 1.0,
                ["frameStart"] = 1001,
                ["frameEnd"] = 1100,
                ["handleStart"] = 0,
                ["handleEnd"] = 0,
            },
            ["folder_types"] = new JsonArray(
                Type("Folder", "", "folder"),
                Type("Episode", "ep", "live_tv"),
                Type("Sequence", "sq", "theaters"),
                Type("Shot", "sh", "movie"),
                Type("Asset", "", "category")),
            ["task_types"] = new JsonArray(
                Type("Generic", "gener", "task_alt"),
                Type("Art", "art", "palette"),
                Type("Modeling", "mdl", "language"),
                Type("Animation", "anim", "directions_run"),
                Type("Lighting", "lgt", "highlight"),
                Type("Compositing", "comp", "layers")),
            ["link_types"] = new JsonArray(
                new JsonObject { ["link_type"] = "generative", ["input_type"] = "version", ["output_type"] = "version", ["color"] = "#3f67de", ["style"] = "solid" },
                new JsonObject { ["link_type"] = "breakdown", ["input_type"] = "folder", ["output_type"] = "folder", ["color"] = "#27792a", ["style"] = "solid" },
                new JsonObject { ["link_type"] = "reference", ["input_type"] = "version", ["output_type"] = "version", ["color"] = "#d94383", ["style"] = "solid" }),
            ["statuses"] = new JsonArray(
                Status("Not ready", "NRD", "not_started", "#434a56"),
                Status("Ready to start", "RDY", "not_started", "#bababa"),
                Status("In progress", "PRG", "in_progress", "#3498db"),
                Status("Pending review", "PRV", "in_progress", "#ff9b0a"),
                Status("Approved", "APP", "done", "#00f0b4"),
                Status("On hold", "HLD", "blocked", "#fa6e46"),
                Status("Omitted", "OMT", "blocked", "#cb1a1a")),
            ["tags"] = new JsonArray(),
            ["product_base_types"] = new JsonObject(),
        };
    }

    private static readonly string[] ScalarKeys = ["code", "label", "library", "active"];

    private static readonly string[] AllScopes = ["folder", "product", "version", "representation", "task", "workfile"];

    /// <summary><c>POST /api/projects</c>: creates the project from its anatomy; 409 when name or code exists.</summary>
    public static IReadOnlyList<EntityEventDraft> Deploy(EntityEngine engine, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(body);
        var name = EntityEngine.Str(body, "name");
        var code = EntityEngine.Str(body, "code");
        if (name is null || !EntityNames.ProjectName().IsMatch(name) || name.Length == 0)
        {
            throw EntityMutationException.BadRequest($"Request validation error: invalid project name '{name}'");
        }

        if (code is null || !EntityNames.ProjectCode().IsMatch(code))
        {
            throw EntityMutationException.BadRequest($"Request validation error: invalid project code '{code}'");
        }

        // As deploy_project: the project found by name or code is named in the message with its own code.
        var existing = engine.Store.GetProject(name)
            ?? engine.Store.ListProjects().FirstOrDefault(p => string.Equals(EntityEngine.Str(p, "code"), code, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            throw EntityMutationException.Conflict($"Project {EntityEngine.Str(existing, "name")} ({EntityEngine.Str(existing, "code")}) already exists");
        }

        var anatomy = body["anatomy"] as JsonObject;
        if (anatomy is null && EntityEngine.Str(body, "anatomyPreset") is { } preset && preset is not ("_" or "__builtin__" or "__primary__"))
        {
            throw EntityMutationException.NotFound($"Anatomy preset {preset} not found");
        }

        anatomy ??= BuiltInAnatomy();
        var now = engine.Now();
        var project = new JsonObject
        {
            ["name"] = name,
            ["code"] = code,
            ["label"] = EntityEngine.Str(body, "label") ?? name,
            ["library"] = body["library"] is JsonValue l && l.TryGetValue<bool>(out var library) && library,
            ["active"] = true,
            ["folderTypes"] = AnatomyItems(anatomy, "folder_types"),
            ["taskTypes"] = AnatomyItems(anatomy, "task_types"),
            ["statuses"] = AnatomyItems(anatomy, "statuses"),
            ["tags"] = AnatomyItems(anatomy, "tags"),
            ["linkTypes"] = LinkTypes(anatomy["link_types"]),
            ["attrib"] = EntityAttributes.FilterToScope(anatomy["attributes"] as JsonObject, "project", engine.Attributes),
            ["data"] = new JsonObject(),
            ["config"] = Anatomy.AnatomyConfig.ToConfig(anatomy),
            ["createdAt"] = now,
            ["updatedAt"] = now,
        };
        engine.Store.InsertProject(project);
        return [EntityEvents.ProjectCreated(name)];
    }

    /// <summary><c>PATCH /api/projects/{name}</c>: events of §4.3 (always ending with <c>entity.project.changed</c>).</summary>
    public static IReadOnlyList<EntityEventDraft> Patch(EntityEngine engine, string name, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(patch);
        var before = engine.RequireProject(name);
        var after = (JsonObject)before.DeepClone();
        var projectName = EntityEngine.Str(before, "name") ?? name;
        if (patch["code"] is { } codeNode)
        {
            var code = codeNode is JsonValue cv && cv.TryGetValue<string>(out var c) ? c : null;
            if (code is null || !EntityNames.ProjectCode().IsMatch(code))
            {
                throw EntityMutationException.BadRequest($"Request validation error: invalid project code '{codeNode.ToJsonString()}'");
            }

            if (engine.Store.ListProjects().Any(p => EntityEngine.Str(p, "name") != projectName && string.Equals(EntityEngine.Str(p, "code"), code, StringComparison.OrdinalIgnoreCase)))
            {
                throw EntityMutationException.Conflict($"Project code {code} already exists");
            }
        }

        foreach (var key in ScalarKeys)
        {
            if (patch.ContainsKey(key) && patch[key] is not null)
            {
                after[key] = patch[key]!.DeepClone();
            }
        }

        if (patch["attrib"] is JsonObject attrib)
        {
            after["attrib"] = EntityAttributes.MergeOwn(before["attrib"] as JsonObject, EntityAttributes.FilterToScope(attrib, "project", engine.Attributes));
        }

        if (patch["data"] is JsonObject data)
        {
            after["data"] = EntityAttributes.MergeOwn(before["data"] as JsonObject, data);
        }

        if (patch["config"] is JsonObject config)
        {
            after["config"] = EntityAttributes.MergeOwn(before["config"] as JsonObject, config);
        }

        if (patch["linkTypes"] is JsonArray linkTypes)
        {
            after["linkTypes"] = linkTypes.DeepClone();
        }

        var renames = new List<(string Column, string? EntityKey, string OldName, string NewName)>();
        foreach (var (key, _, column, entityKey) in TypeLists)
        {
            if (patch[key] is not JsonArray items)
            {
                continue;
            }

            var newList = new JsonArray();
            foreach (var item in items.OfType<JsonObject>())
            {
                var copy = (JsonObject)item.DeepClone();
                var itemName = EntityEngine.Str(copy, "name") ?? throw EntityMutationException.BadRequest($"Request validation error: an item of {key} has no name");
                var original = EntityEngine.Str(copy, "original_name") ?? EntityEngine.Str(copy, "originalName");
                copy.Remove("original_name");
                copy.Remove("originalName");
                if (original is not null && original != itemName)
                {
                    renames.Add((column, entityKey, original, itemName));
                }

                newList.Add(copy);
            }

            after[key] = newList;
        }

        ApplyRenamesAndCheckReferences(engine, projectName, before, after, renames);
        if (!JsonNode.DeepEquals(before, after))
        {
            after["updatedAt"] = engine.Now();
        }

        engine.Store.UpdateProject(after);
        return EntityEvents.ProjectPatched(projectName, before, after, engine.EventOptions);
    }

    /// <summary><c>DELETE /api/projects/{name}</c>.</summary>
    public static IReadOnlyList<EntityEventDraft> Delete(EntityEngine engine, string name)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var project = engine.RequireProject(name);
        var projectName = EntityEngine.Str(project, "name") ?? name;
        engine.Store.DeleteProject(projectName);
        return [EntityEvents.ProjectDeleted(projectName)];
    }

    /// <summary>The project model of <c>GET /api/projects/{name}</c> (nulls omitted, <c>ownAttrib</c> added).</summary>
    public static JsonObject Read(JsonObject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var result = EntityEvents.WithoutNulls(project);
        var attrib = project["attrib"] as JsonObject ?? [];
        result["ownAttrib"] = new JsonArray([.. attrib.Select(p => (JsonNode?)p.Key)]);
        return result;
    }

    private static void ApplyRenamesAndCheckReferences(
        EntityEngine engine,
        string project,
        JsonObject before,
        JsonObject after,
        List<(string Column, string? EntityKey, string OldName, string NewName)> renames)
    {
        foreach (var kind in EntityKind.All)
        {
            foreach (var entity in engine.Store.All(project, kind))
            {
                var changed = false;
                foreach (var (column, entityKey, oldName, newName) in renames)
                {
                    if (entityKey is not null && EntityEngine.Str(entity, entityKey) == oldName)
                    {
                        entity[entityKey] = newName;
                        changed = true;
                    }
                    else if (entityKey is null && column == "tags" && entity["tags"] is JsonArray tags)
                    {
                        for (var i = 0; i < tags.Count; i++)
                        {
                            if (tags[i]?.GetValue<string>() == oldName)
                            {
                                tags[i] = newName;
                                changed = true;
                            }
                        }
                    }
                }

                foreach (var (key, _, _, entityKey) in TypeLists)
                {
                    if (entityKey is null || !JsonNodeHasKey(after, key) || JsonNode.DeepEquals(before[key], after[key]))
                    {
                        continue;
                    }

                    if (EntityEngine.Str(entity, entityKey) is { } used && !(after[key] as JsonArray ?? []).OfType<JsonObject>().Any(i => EntityEngine.Str(i, "name") == used))
                    {
                        throw EntityMutationException.Conflict($"{key} entry '{used}' is still used by {kind.Name} {EntityEngine.Str(entity, "id")}");
                    }
                }

                if (changed)
                {
                    engine.Store.Update(project, kind, entity);
                }
            }
        }
    }

    private static bool JsonNodeHasKey(JsonObject body, string key) => body.ContainsKey(key);

    private static readonly string[] States = ["not_started", "in_progress", "done", "blocked"];

    /// <summary>
    /// The items of one anatomy list as ayon-backend's anatomy models (<c>ayon_server/settings/anatomy/*.py</c>) parse them
    /// on deploy: fields it does not know are dropped, missing ones get the model defaults (<c>FolderType</c>: shortName "",
    /// color #cccccc, icon folder; <c>TaskType</c>: icon task_alt; <c>Status</c>: shortName "", state not_started, icon "",
    /// color #cacaca, scope every project-level entity type; <c>Tag</c>: color #cacaca); a missing list is the built-in
    /// one. A nameless item, an unknown state or a repeated name is a 400. PATCH stores its lists as sent (the project
    /// model types them <c>list[Any]</c>), so only deploy fills defaults.
    /// </summary>
    private static JsonArray AnatomyItems(JsonObject anatomy, string key)
    {
        if (anatomy[key] is not JsonArray items)
        {
            return Items(BuiltInAnatomy()[key]);
        }

        var result = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in items)
        {
            var item = node as JsonObject ?? throw EntityMutationException.BadRequest($"Request validation error: an item of anatomy {key} is not an object");
            var name = EntityEngine.Str(item, "name");
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                throw EntityMutationException.BadRequest($"Request validation error: an item of anatomy {key} needs a name of 1 to 100 characters");
            }

            if (!names.Add(name))
            {
                throw EntityMutationException.BadRequest($"Request validation error: duplicate name '{name}' in anatomy {key}");
            }

            string Text(string field, string fallback) => EntityEngine.Str(item, field) ?? fallback;
            var model = new JsonObject { ["name"] = name };
            switch (key)
            {
                case "folder_types" or "task_types":
                    model["shortName"] = Text("shortName", "");
                    model["color"] = Text("color", "#cccccc");
                    model["icon"] = Text("icon", key == "folder_types" ? "folder" : "task_alt");
                    break;
                case "statuses":
                    var state = Text("state", "not_started");
                    if (!States.Contains(state))
                    {
                        throw EntityMutationException.BadRequest($"Request validation error: status '{name}' has an unknown state '{state}'");
                    }

                    model["shortName"] = Text("shortName", "");
                    model["state"] = state;
                    model["icon"] = Text("icon", "");
                    model["color"] = Text("color", "#cacaca");
                    model["scope"] = item["scope"] is JsonArray scope ? scope.DeepClone() : new JsonArray([.. AllScopes.Select(s => (JsonNode?)s)]);
                    break;
                default:
                    model["color"] = Text("color", "#cacaca");
                    break;
            }

            result.Add(model);
        }

        return result;
    }

    private static JsonArray Items(JsonNode? items) =>
        items is JsonArray array ? (JsonArray)array.DeepClone() : [];

    private static JsonArray LinkTypes(JsonNode? items)
    {
        var result = new JsonArray();
        foreach (var item in (items as JsonArray ?? []).OfType<JsonObject>())
        {
            var linkType = EntityEngine.Str(item, "link_type") ?? EntityEngine.Str(item, "linkType") ?? "";
            var input = EntityEngine.Str(item, "input_type") ?? EntityEngine.Str(item, "inputType") ?? "";
            var output = EntityEngine.Str(item, "output_type") ?? EntityEngine.Str(item, "outputType") ?? "";
            result.Add(new JsonObject
            {
                ["name"] = $"{linkType}|{input}|{output}",
                ["linkType"] = linkType,
                ["inputType"] = input,
                ["outputType"] = output,
                ["data"] = new JsonObject { ["color"] = item["color"]?.DeepClone(), ["style"] = item["style"]?.DeepClone() },
            });
        }

        return result;
    }
}
