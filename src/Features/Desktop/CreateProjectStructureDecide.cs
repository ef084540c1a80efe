using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Desktop;

/// <summary>Create Project Structure's pure rules: the structure's paths, their folders on disk and their ftrack tree.</summary>
public static partial class CreateProjectStructure
{
    /// <summary>
    /// The structure's paths, each as its items from the top (ayon-core's <c>_list_path_items</c>): a key with an empty
    /// value is a leaf; a list of strings is a list of leaves. <paramref name="structure"/> is the setting's value (JSON
    /// text or an object); empty gives no path.
    /// </summary>
    /// <exception cref="FormatException">The structure is not valid JSON, or holds something else than folders.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> BasicPaths(JsonNode? structure)
    {
        var node = structure;
        if (structure is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            var raw = text.GetValue<string>();
            if (raw.Trim().Length == 0)
            {
                return [];
            }

            try
            {
                node = JsonNode.Parse(raw);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"core's project_folder_structure is not valid JSON: {ex.Message}", ex);
            }
        }

        return node switch
        {
            null => [],
            JsonObject or JsonArray => Items(node),
            _ => throw new FormatException("core's project_folder_structure must be an object of folders."),
        };
    }

    private static List<IReadOnlyList<string>> Items(JsonNode node)
    {
        if (node is JsonArray list)
        {
            return [.. list.Select(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? (IReadOnlyList<string>)[v.GetValue<string>()]
                : throw new FormatException($"core's project_folder_structure: list items must all be strings, got {i?.ToJsonString() ?? "null"}."))];
        }

        var output = new List<IReadOnlyList<string>>();
        foreach (var (key, value) in (JsonObject)node)
        {
            if (value is null || value is JsonObject { Count: 0 } || value is JsonArray { Count: 0 })
            {
                output.Add([key]);
                continue;
            }

            if (value is not (JsonObject or JsonArray))
            {
                throw new FormatException($"core's project_folder_structure: \"{key}\" must hold folders, got {value.ToJsonString()}.");
            }

            output.AddRange(Items(value).Select(path => (IReadOnlyList<string>)[key, .. path]));
        }

        return output;
    }

    /// <summary>
    /// The folders to create on disk (ayon-core's <c>concatenate_splitted_paths</c> and <c>fill_paths</c>): tags dropped
    /// from plain items, a path starting with <see cref="ProjectRootKey"/> repeated under each root of
    /// <paramref name="existingRoots"/> followed by the project name, each filled with the project's data and roots for
    /// <paramref name="platform"/>.
    /// </summary>
    /// <exception cref="AnatomyException">A path names a key the project's data cannot fill.</exception>
    public static IReadOnlyList<string> DiskPaths(ProjectAnatomy anatomy, AnatomyPlatform platform, IReadOnlyList<IReadOnlyList<string>> paths, IReadOnlyCollection<string> existingRoots)
    {
        ArgumentNullException.ThrowIfNull(anatomy);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(existingRoots);
        var templates = new List<string>();
        foreach (var items in paths)
        {
            var clean = items.Select(i => TemplateItem().IsMatch(i) ? i : Tag().Replace(i, "")).ToList();
            if (items.Contains(ProjectRootKey))
            {
                templates.AddRange(existingRoots.Select(root => string.Join('/', [$"{{root[{root}]}}", "{project[name]}", .. clean.Skip(1)])));
                continue;
            }

            templates.Add(string.Join('/', clean));
        }

        var data = TemplateData.Project(anatomy.ProjectName, anatomy.ProjectCode);
        return [.. templates.Select(t =>
        {
            var result = anatomy.Format(t, data, platform);
            return result.Solved ? AnatomyPlatforms.NormalizePath(result.Output, platform) : throw new AnatomyException($"The project structure's folder \"{t}\" cannot be filled: {new TemplateUnsolvedException(result).Message}");
        }).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>One ftrack entity of the structure: its name, type and children.</summary>
    public sealed record FtrackItem(string Name, string EntityType, IReadOnlyList<FtrackItem> Children);

    /// <summary>
    /// The ftrack part of the structure (the original's <c>get_ftrack_paths</c> and <c>translate_ftrack_items</c>): per
    /// path, the items from the top down to the last one tagged <c>[ftrack]</c>/<c>[ftrack.&lt;Type&gt;]</c>, without the
    /// project root and template items; merged into a tree by name, in the structure's order.
    /// </summary>
    public static IReadOnlyList<FtrackItem> FtrackItems(IReadOnlyList<IReadOnlyList<string>> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var root = new Node("");
        foreach (var items in paths)
        {
            var kept = new List<string>();
            var tagged = false;
            foreach (var item in items.Reverse())
            {
                if (item == ProjectRootKey || TemplateItem().IsMatch(item))
                {
                    continue;
                }

                if (tagged || FtrackTag().IsMatch(item))
                {
                    kept.Add(item);
                    tagged = true;
                }
            }

            kept.Reverse();
            var level = root;
            foreach (var key in kept)
            {
                var next = level.Children.Find(n => n.Key == key);
                if (next is null)
                {
                    next = new Node(key);
                    level.Children.Add(next);
                }

                level = next;
            }
        }

        return [.. root.Children.Select(ToItem)];
    }

    private sealed record Node(string Key)
    {
        public List<Node> Children { get; } = [];
    }

    private static FtrackItem ToItem(Node node)
    {
        var match = Tag().Match(node.Key);
        var name = match.Success ? node.Key.Replace(match.Value, "", StringComparison.Ordinal) : node.Key;
        var type = match.Success && TypedTag().Match(match.Value) is { Success: true } typed && typed.Value.Split('.') is { Length: 2 } parts ? parts[1] : FtrackEntityTypes.Folder;
        return new FtrackItem(name, type, [.. node.Children.Select(ToItem)]);
    }

    [GeneratedRegex(@"\[.*\]")]
    private static partial Regex Tag();

    [GeneratedRegex(@".*\[[.]*ftrack[.]*")]
    private static partial Regex FtrackTag();

    [GeneratedRegex(@"ftrack\.[^.,\],\s,]*")]
    private static partial Regex TypedTag();

    [GeneratedRegex(@"\{.*\}")]
    private static partial Regex TemplateItem();
}
