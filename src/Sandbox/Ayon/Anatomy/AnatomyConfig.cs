using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.Entities;

namespace AyonFtrack.Sandbox.Ayon.Anatomy;

/// <summary>
/// The anatomy ↔ project-config conversions of ayon-backend, written from <c>helpers/deploy_project.py</c>
/// (<c>anatomy_to_project_data</c>) and <c>helpers/extract_anatomy.py</c> (<c>extract_project_anatomy</c>), and the
/// defaults of <c>settings/anatomy/roots.py</c> and <c>templates.py</c>. A project keeps its roots as
/// <c>config.roots = {name: {windows, linux, darwin}}</c> and its templates as
/// <c>config.templates = {common: {version_padding, version, frame_padding, frame}, &lt;group&gt;: {&lt;name&gt;: {...}}}</c>;
/// the anatomy model has lists with a <c>name</c> per item instead.
/// </summary>
internal static class AnatomyConfig
{
    private static readonly string[] TemplateGroups = ["work", "publish", "hero", "delivery", "others", "staging"];

    /// <summary>The backend's <c>default_roots</c>.</summary>
    public static JsonArray DefaultRoots() =>
        [new JsonObject { ["name"] = "work", ["windows"] = "C:/projects", ["linux"] = "/mnt/share/projects", ["darwin"] = "/Volumes/projects" }];

    /// <summary>The backend's <c>Templates</c> model defaults (anatomy form: lists of named templates).</summary>
    public static JsonObject DefaultTemplates()
    {
        const string PublishDirectory = "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{product[name]}/{@version}";
        static JsonObject T(string name, string directory, string file) => new() { ["name"] = name, ["directory"] = directory, ["file"] = file };
        return new JsonObject
        {
            ["version_padding"] = 3,
            ["version"] = "v{version:0>{@version_padding}}",
            ["frame_padding"] = 4,
            ["frame"] = "{frame:0>{@frame_padding}}",
            ["work"] = new JsonArray(
                T("default", "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/work/{task[name]}", "{project[code]}_{folder[name]}_{task[name]}_{@version}<_{comment}>.{ext}"),
                T("unreal", "{root[work]}/{project[name]}/unreal/{task[name]}", "{project[code]}_{folder[name]}.{ext}")),
            ["publish"] = new JsonArray(
                T("default", PublishDirectory, "{project[code]}_{folder[name]}_{product[name]}_{@version}<_{output}><.{@frame}><_{udim}>.{ext}"),
                T("render", PublishDirectory, "{project[code]}_{folder[name]}_{product[name]}_{@version}<_{output}><.{@frame}>.{ext}"),
                T("online", PublishDirectory, "{originalBasename}<.{@frame}><_{udim}>.{ext}"),
                T("source", "{root[work]}/{originalDirname}", "{originalBasename}.{ext}"),
                T("maya2unreal", "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}", "{product[name]}_{@version}<_{output}><.{@frame}>.{ext}"),
                T("simpleUnrealTextureHero", "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/hero", "{originalBasename}.{ext}"),
                T("simpleUnrealTexture", "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{@version}", "{originalBasename}_{@version}.{ext}"),
                T("unrealuasset", PublishDirectory, "{originalBasename}.{ext}")),
            ["hero"] = new JsonArray(
                T("default", "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{product[name]}/hero", "{project[code]}_{folder[name]}_{product[name]}_hero<_{output}><.{@frame}><_{udim}>.{ext}")),
            ["delivery"] = new JsonArray(),
            ["staging"] = new JsonArray(),
            ["others"] = new JsonArray(),
        };
    }

    /// <summary>
    /// <c>anatomy_to_project_data</c>'s <c>config</c>: roots by name, the common template keys, each non-empty template
    /// group by template name. Missing anatomy keys take the model's defaults, as pydantic fills them.
    /// </summary>
    /// <exception cref="AyonBadRequestException">A root or template without a name, or a duplicate name (the model's validators).</exception>
    public static JsonObject ToConfig(JsonObject anatomy)
    {
        ArgumentNullException.ThrowIfNull(anatomy);
        var roots = new JsonObject();
        foreach (var root in Items(anatomy["roots"] as JsonArray ?? DefaultRoots(), "roots"))
        {
            roots[Name(root, "roots")] = new JsonObject
            {
                ["windows"] = root["windows"]?.DeepClone() ?? "",
                ["linux"] = root["linux"]?.DeepClone() ?? "",
                ["darwin"] = root["darwin"]?.DeepClone() ?? "",
            };
        }

        var defaults = DefaultTemplates();
        var given = anatomy["templates"] as JsonObject ?? [];
        JsonNode? Value(string key) => (given[key] ?? defaults[key])?.DeepClone();
        var templates = new JsonObject
        {
            ["common"] = new JsonObject
            {
                ["version_padding"] = Value("version_padding"),
                ["version"] = Value("version"),
                ["frame_padding"] = Value("frame_padding"),
                ["frame"] = Value("frame"),
            },
        };
        foreach (var group in TemplateGroups)
        {
            var items = Items(Value(group) as JsonArray ?? [], $"templates.{group}");
            if (items.Count == 0)
            {
                continue;
            }

            if (group is "work" or "publish" or "hero" && !items.Any(i => Name(i, group) == "default"))
            {
                throw new AyonBadRequestException($"Request validation error: templates.{group}: Default template must be defined");
            }

            var byName = new JsonObject();
            foreach (var item in items)
            {
                var values = new JsonObject();
                foreach (var (key, value) in item.Where(p => p.Key != "name"))
                {
                    values[key] = value?.DeepClone();
                }

                byName[Name(item, group)] = values;
            }

            templates[group] = byName;
        }

        return new JsonObject
        {
            ["roots"] = roots,
            ["templates"] = templates,
            ["entityNaming"] = anatomy["entity_naming"]?.DeepClone() ?? new JsonObject(),
            ["productBaseTypes"] = anatomy["product_base_types"]?.DeepClone() ?? new JsonObject(),
        };
    }

    /// <summary><c>extract_project_anatomy</c>: the anatomy model of a stored project (<c>GET /api/projects/{name}/anatomy</c>).</summary>
    public static JsonObject ToAnatomy(JsonObject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var config = project["config"] as JsonObject ?? [];
        var storedTemplates = config["templates"] as JsonObject ?? [];
        var templates = (storedTemplates["common"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        var defaults = DefaultTemplates();
        foreach (var key in new[] { "version_padding", "version", "frame_padding", "frame" })
        {
            templates[key] ??= defaults[key]!.DeepClone();
        }

        foreach (var group in TemplateGroups)
        {
            templates[group] = storedTemplates[group] is JsonObject byName
                ? new JsonArray([.. byName.Select(p => (JsonNode?)WithName(p.Key, p.Value as JsonObject))])
                : defaults[group]!.DeepClone();
        }

        var roots = config["roots"] is JsonObject rootsByName
            ? new JsonArray([.. rootsByName.Select(p => (JsonNode?)WithName(p.Key, p.Value as JsonObject))])
            : DefaultRoots();
        return new JsonObject
        {
            ["entity_naming"] = config["entityNaming"]?.DeepClone() ?? new JsonObject(),
            ["roots"] = roots,
            ["templates"] = templates,
            ["attributes"] = project["attrib"]?.DeepClone() ?? new JsonObject(),
            ["folder_types"] = project["folderTypes"]?.DeepClone() ?? new JsonArray(),
            ["task_types"] = project["taskTypes"]?.DeepClone() ?? new JsonArray(),
            ["link_types"] = new JsonArray([.. (project["linkTypes"] as JsonArray ?? []).OfType<JsonObject>().Select(l => (JsonNode?)LinkType(l))]),
            ["statuses"] = project["statuses"]?.DeepClone() ?? new JsonArray(),
            ["tags"] = project["tags"]?.DeepClone() ?? new JsonArray(),
            ["product_base_types"] = config["productBaseTypes"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private static JsonObject LinkType(JsonObject stored)
    {
        var row = new JsonObject
        {
            ["link_type"] = stored["linkType"]?.DeepClone() ?? stored["link_type"]?.DeepClone(),
            ["input_type"] = stored["inputType"]?.DeepClone() ?? stored["input_type"]?.DeepClone(),
            ["output_type"] = stored["outputType"]?.DeepClone() ?? stored["output_type"]?.DeepClone(),
        };
        foreach (var key in new[] { "color", "style" })
        {
            if (stored["data"]?[key] is JsonValue value)
            {
                row[key] = value.DeepClone();
            }
        }

        return row;
    }

    private static JsonObject WithName(string name, JsonObject? values)
    {
        var item = new JsonObject { ["name"] = name };
        foreach (var (key, value) in values ?? [])
        {
            item[key] = value?.DeepClone();
        }

        return item;
    }

    private static List<JsonObject> Items(JsonArray array, string where)
    {
        var items = array.Select(n => n as JsonObject ?? throw new AyonBadRequestException($"Request validation error: an item of {where} is not an object")).ToList();
        var duplicate = items.GroupBy(i => Name(i, where), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? items : throw new AyonBadRequestException($"Request validation error: duplicate name '{duplicate.Key}' in {where}");
    }

    private static string Name(JsonObject item, string where) =>
        EntityEngine.Str(item, "name") is { Length: > 0 } name ? name : throw new AyonBadRequestException($"Request validation error: an item of {where} has no name");
}
