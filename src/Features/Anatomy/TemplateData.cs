using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Anatomy;

/// <summary>
/// The template data AYON's clients build for entities (ayon-core <c>pipeline/template_data.py</c>, <c>lib/dateutils.py</c>,
/// <c>lib/path_tools.py</c>), as pure functions of the entities' fields.
/// </summary>
public static partial class TemplateData
{
    /// <summary><c>{project: {name, code}}</c>.</summary>
    public static JsonObject Project(string name, string code) => new() { ["project"] = new JsonObject { ["name"] = name, ["code"] = code } };

    /// <summary>
    /// <c>{folder: {name, type, path, parents}, hierarchy, parent}</c> of a folder at <paramref name="path"/>
    /// (<c>/sq010/sh010</c>): the hierarchy is the parents joined with <c>/</c>, the parent the last of them, or the
    /// project name for a top-level folder.
    /// </summary>
    public static JsonObject Folder(string path, string? folderType, string projectName)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parents = path.TrimStart('/').Split('/').ToList();
        var name = parents[^1];
        parents.RemoveAt(parents.Count - 1);
        return new JsonObject
        {
            ["folder"] = new JsonObject
            {
                ["name"] = name,
                ["type"] = folderType,
                ["path"] = path,
                ["parents"] = new JsonArray([.. parents.Select(p => (JsonNode?)p)]),
            },
            ["hierarchy"] = string.Join('/', parents),
            ["parent"] = parents.Count > 0 ? parents[^1] : projectName,
        };
    }

    /// <summary><c>{task: {name, type, short}}</c>; <c>short</c> is the task type's short name in the project.</summary>
    public static JsonObject Task(string name, string type, string? shortName) =>
        new() { ["task"] = new JsonObject { ["name"] = name, ["type"] = type, ["short"] = shortName } };

    /// <summary>The date keys (<c>d dd ddd dddd m mm mmm mmmm yy yyyy H HH h hh ht M MM S SS</c>) of <paramref name="time"/>.</summary>
    public static JsonObject DateTime(DateTimeOffset time)
    {
        var c = CultureInfo.InvariantCulture;
        var hour12 = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        return new JsonObject
        {
            ["d"] = time.Day.ToString(c),
            ["dd"] = time.ToString("dd", c),
            ["ddd"] = time.ToString("ddd", c),
            ["dddd"] = time.ToString("dddd", c),
            ["m"] = time.Month.ToString(c),
            ["mm"] = time.ToString("MM", c),
            ["mmm"] = time.ToString("MMM", c),
            ["mmmm"] = time.ToString("MMMM", c),
            ["yy"] = time.ToString("yyyy", c)[2..],
            ["yyyy"] = time.ToString("yyyy", c),
            ["H"] = time.Hour.ToString(c),
            ["HH"] = time.ToString("HH", c),
            ["h"] = hour12.ToString(c),
            ["hh"] = hour12.ToString("00", c),
            ["ht"] = time.Hour < 12 ? "AM" : "PM",
            ["M"] = time.Minute.ToString(c),
            ["MM"] = time.ToString("mm", c),
            ["S"] = time.Second.ToString(c),
            ["SS"] = time.ToString("ss", c),
        };
    }

    /// <summary>Copies every key of <paramref name="source"/> into <paramref name="target"/>, merging nested objects (ayon-core's <c>_merge_data</c>).</summary>
    public static JsonObject Merge(JsonObject target, JsonObject source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        foreach (var (key, value) in source)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing)
            {
                Merge(existing, inner);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }

        return target;
    }

    /// <summary>
    /// The frame of each file of a sequence (ayon-core's <c>collect_frames</c>): the digits between <c>.</c> or <c>_</c>
    /// and the extension, padding kept (<c>sh010_v001.1001.exr</c> → <c>1001</c>), for files that share head, tail and
    /// padding. A lone file without such a number, or files that do not form one sequence, have no frame (null).
    /// </summary>
    public static IReadOnlyList<(string Path, string? Frame)> Frames(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var parsed = paths.Select(p => (Path: p, Match: FramePattern().Match(p))).ToList();
        return [.. parsed.Select(p => (p.Path, p.Match.Success ? p.Match.Groups["index"].Value : (string?)null))];
    }

    [GeneratedRegex(@"[_.](?<index>0*\d+)\.\D+\d?$")]
    private static partial Regex FramePattern();
}
