using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Anatomy;

/// <summary>The operating systems AYON keeps a root path for (<c>windows</c>, <c>linux</c>, <c>darwin</c>).</summary>
public enum AnatomyPlatform
{
    Windows,
    Linux,
    Darwin,
}

/// <summary>Platform names and paths.</summary>
public static class AnatomyPlatforms
{
    /// <summary>The platform this process runs on.</summary>
    public static AnatomyPlatform Current =>
        OperatingSystem.IsWindows() ? AnatomyPlatform.Windows : OperatingSystem.IsMacOS() ? AnatomyPlatform.Darwin : AnatomyPlatform.Linux;

    /// <summary>AYON's key of the platform (<c>windows</c>, <c>linux</c>, <c>darwin</c>).</summary>
    public static string Key(this AnatomyPlatform platform) => platform.ToString().ToLowerInvariant();

    /// <summary>
    /// Python's <c>os.path.normpath</c> on <paramref name="platform"/>: on Windows <c>/</c> becomes <c>\</c>; on both,
    /// repeated separators and <c>.</c> go, and <c>..</c> removes the part before it.
    /// </summary>
    public static string NormalizePath(string path, AnatomyPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return ".";
        }

        var windows = platform == AnatomyPlatform.Windows;
        var separator = windows ? '\\' : '/';
        var text = windows ? path.Replace('/', '\\') : path;
        var prefix = "";
        if (windows)
        {
            if (text.Length >= 2 && text[1] == ':')
            {
                prefix = text[..2];
                text = text[2..];
            }
            else if (text.StartsWith(@"\\", StringComparison.Ordinal))
            {
                // UNC: \\server\share is the drive.
                var parts = text[2..].Split('\\', 3);
                if (parts.Length >= 2)
                {
                    prefix = @"\\" + parts[0] + "\\" + parts[1];
                    text = parts.Length == 3 ? "\\" + parts[2] : "";
                }
            }
        }

        var rooted = text.StartsWith(separator);
        if (!windows && text.StartsWith("//", StringComparison.Ordinal) && !text.StartsWith("///", StringComparison.Ordinal))
        {
            prefix = "/";
        }

        var output = new List<string>();
        foreach (var part in text.Split(separator))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (output.Count > 0 && output[^1] != "..")
                {
                    output.RemoveAt(output.Count - 1);
                }
                else if (!rooted)
                {
                    output.Add(part);
                }

                continue;
            }

            output.Add(part);
        }

        var joined = string.Join(separator, output);
        var result = prefix + (rooted ? separator.ToString() : "") + joined;
        return result.Length == 0 ? "." : result;
    }

    /// <summary>The directory part of <paramref name="path"/> on <paramref name="platform"/> (Python's <c>os.path.dirname</c>).</summary>
    public static string DirectoryOf(string path, AnatomyPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(path);
        var at = platform == AnatomyPlatform.Windows ? path.LastIndexOfAny(['\\', '/']) : path.LastIndexOf('/');
        if (at < 0)
        {
            return "";
        }

        var head = path[..(at + 1)];
        var trimmed = head.TrimEnd(platform == AnatomyPlatform.Windows ? ['\\', '/'] : ['/']);
        return trimmed.Length == 0 || (platform == AnatomyPlatform.Windows && trimmed.EndsWith(':')) ? head : trimmed;
    }
}

/// <summary>One root of a project (<c>config.roots.&lt;name&gt;</c>): a path per platform.</summary>
public sealed record AnatomyRoot(string Name, string Windows, string Linux, string Darwin)
{
    /// <summary>The path on <paramref name="platform"/>, as written in the anatomy.</summary>
    public string For(AnatomyPlatform platform) => platform switch
    {
        AnatomyPlatform.Windows => Windows,
        AnatomyPlatform.Darwin => Darwin,
        _ => Linux,
    };
}

/// <summary>One template of a category (e.g. <c>work/default</c>): its keys (<c>directory</c>, <c>file</c>, <c>path</c>, ...) solved of <c>{@...}</c> links.</summary>
public sealed record AnatomyTemplate(string Category, string Name, IReadOnlyDictionary<string, string> Keys)
{
    /// <summary>The template of <paramref name="key"/>, or null.</summary>
    public string? this[string key] => Keys.TryGetValue(key, out var value) ? value : null;
}

/// <summary>
/// A project's anatomy as AYON's clients read it (ayon-core <c>pipeline/anatomy</c>): the roots and templates of the
/// project entity's <c>config</c> (<c>GET /api/projects/{name}</c>). The common keys (<c>version_padding</c>,
/// <c>version</c>, <c>frame_padding</c>, <c>frame</c>) are copied into every template and <c>{@key}</c> links are solved;
/// a template with <c>directory</c> and <c>file</c> gets <c>path</c> = directory + "/" + file. Pure: no I/O.
/// </summary>
public sealed partial class ProjectAnatomy
{
    /// <summary>The template categories AYON knows; missing ones are empty.</summary>
    public static readonly IReadOnlyList<string> Categories = ["publish", "hero", "work", "delivery", "staging", "others"];

    private readonly Dictionary<string, Dictionary<string, AnatomyTemplate>> _templates;

    private ProjectAnatomy(string projectName, string projectCode, IReadOnlyList<AnatomyRoot> roots, Dictionary<string, Dictionary<string, AnatomyTemplate>> templates, IReadOnlyDictionary<string, string> common)
    {
        ProjectName = projectName;
        ProjectCode = projectCode;
        Roots = roots;
        _templates = templates;
        Common = common;
    }

    /// <summary>The AYON project name.</summary>
    public string ProjectName { get; }

    /// <summary>The AYON project code.</summary>
    public string ProjectCode { get; }

    /// <summary>The roots, in the anatomy's order.</summary>
    public IReadOnlyList<AnatomyRoot> Roots { get; }

    /// <summary>The common keys, solved (<c>version</c> = <c>v{version:0>3}</c> with the default padding).</summary>
    public IReadOnlyDictionary<string, string> Common { get; }

    /// <summary>
    /// Reads a project entity's <c>config</c>: <c>roots</c> = <c>{name: {windows, linux, darwin}}</c>, <c>templates</c> =
    /// <c>{common: {...}, &lt;category&gt;: {&lt;name&gt;: {directory, file, ...}}}</c>, as ayon-backend stores them.
    /// </summary>
    /// <exception cref="AnatomyException">The config is not of that shape, or a <c>{@key}</c> link cannot be solved.</exception>
    public static ProjectAnatomy FromProjectConfig(string projectName, string projectCode, JsonObject? config)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        ArgumentNullException.ThrowIfNull(projectCode);
        config ??= [];
        var roots = new List<AnatomyRoot>();
        switch (config["roots"])
        {
            case null:
                break;
            case JsonObject rootsObject:
                foreach (var (name, value) in rootsObject)
                {
                    if (value is not JsonObject paths)
                    {
                        throw new AnatomyException($"Root \"{name}\" of project \"{projectName}\" is not an object of platform paths.");
                    }

                    var byPlatform = paths.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "", StringComparer.Ordinal);
                    roots.Add(new AnatomyRoot(name, byPlatform.GetValueOrDefault("windows", ""), byPlatform.GetValueOrDefault("linux", ""), byPlatform.GetValueOrDefault("darwin", "")));
                }

                break;
            default:
                throw new AnatomyException($"The roots of project \"{projectName}\" are not an object keyed by root name.");
        }

        var templates = config["templates"] as JsonObject ?? [];
        var common = Strings(templates["common"] as JsonObject);
        var solved = new Dictionary<string, Dictionary<string, AnatomyTemplate>>(StringComparer.Ordinal);
        foreach (var category in Categories.Concat(templates.Select(t => t.Key)).Where(c => c != "common").Distinct(StringComparer.Ordinal))
        {
            var items = new Dictionary<string, AnatomyTemplate>(StringComparer.Ordinal);
            if (templates[category] is JsonObject categoryObject)
            {
                foreach (var (name, value) in categoryObject)
                {
                    if (value is not JsonObject item)
                    {
                        continue;
                    }

                    var keys = new Dictionary<string, string>(common, StringComparer.Ordinal);
                    foreach (var (key, text) in Strings(item))
                    {
                        keys[key] = text;
                    }

                    SolveInnerLinks(keys, $"{category}/{name}");
                    if (!keys.ContainsKey("folder") && keys.TryGetValue("directory", out var directory))
                    {
                        keys["folder"] = directory;
                    }

                    if (!keys.ContainsKey("path") && keys.TryGetValue("directory", out directory) && keys.TryGetValue("file", out var file))
                    {
                        keys["path"] = directory + "/" + file;
                    }

                    items[name] = new AnatomyTemplate(category, name, keys);
                }
            }

            solved[category] = items;
        }

        var solvedCommon = new Dictionary<string, string>(common, StringComparer.Ordinal);
        SolveInnerLinks(solvedCommon, "common");
        return new ProjectAnatomy(projectName, projectCode, roots, solved, solvedCommon);
    }

    /// <summary>The names of the templates of <paramref name="category"/>, in the anatomy's order.</summary>
    public IReadOnlyList<string> TemplateNames(string category) =>
        _templates.TryGetValue(category, out var items) ? [.. items.Keys] : [];

    /// <summary>The template <paramref name="category"/>/<paramref name="name"/>, or null.</summary>
    public AnatomyTemplate? Template(string category, string name) =>
        _templates.TryGetValue(category, out var items) && items.TryGetValue(name, out var template) ? template : null;

    /// <summary>The template text of <paramref name="category"/>/<paramref name="name"/>/<paramref name="key"/>.</summary>
    /// <exception cref="AnatomyException">The category, template or key does not exist (naming which).</exception>
    public string TemplateText(string category, string name, string key)
    {
        var template = Template(category, name)
            ?? throw new AnatomyException($"The anatomy of project \"{ProjectName}\" has no template \"{category}/{name}\".");
        return template[key] ?? throw new AnatomyException($"The template \"{category}/{name}\" of project \"{ProjectName}\" has no \"{key}\".");
    }

    /// <summary>The roots on <paramref name="platform"/> as template data: <c>{work: "C:/projects", ...}</c>.</summary>
    public JsonObject RootsData(AnatomyPlatform platform)
    {
        var roots = new JsonObject();
        foreach (var root in Roots)
        {
            roots[root.Name] = root.For(platform);
        }

        return roots;
    }

    /// <summary>
    /// Formats <paramref name="template"/> with <paramref name="data"/>; <c>root</c> is the project's roots on
    /// <paramref name="platform"/> unless the data brings a non-empty one (as Delivery does with its location).
    /// </summary>
    public TemplateResult Format(string template, JsonObject data, AnatomyPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(data);
        var filled = (JsonObject)data.DeepClone();
        var given = filled["root"];
        if (!(given is JsonObject { Count: > 0 } || (given is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0)))
        {
            filled["root"] = RootsData(platform);
        }

        return StringTemplate.Format(template, filled);
    }

    /// <summary>
    /// A rootless path (<c>{root[work]}/proj/...</c>, as representation files store them) with its roots filled for
    /// <paramref name="platform"/>. Other keys stay as they are.
    /// </summary>
    /// <exception cref="AnatomyException">The path names a root the project does not have.</exception>
    public string FillRoot(string rootlessPath, AnatomyPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(rootlessPath);
        return RootKey().Replace(rootlessPath, match =>
        {
            var name = match.Groups["name"].Value.Trim('\'', '"');
            var root = Roots.FirstOrDefault(r => r.Name == name)
                ?? throw new AnatomyException($"Root \"{name}\" is missing for project \"{ProjectName}\" (path {rootlessPath}).");
            return root.For(platform);
        });
    }

    /// <summary>The root names the templates of <paramref name="category"/> use (<c>{root[name]}</c>).</summary>
    public IReadOnlyList<string> RootNamesUsedBy(string category) =>
        [.. (_templates.TryGetValue(category, out var items) ? items.Values : Enumerable.Empty<AnatomyTemplate>())
            .SelectMany(t => t.Keys.Values)
            .SelectMany(text => RootKey().Matches(text).Select(m => m.Groups["name"].Value.Trim('\'', '"')))
            .Distinct(StringComparer.Ordinal)];

    private static Dictionary<string, string> Strings(JsonObject? values)
    {
        var output = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values ?? [])
        {
            if (value is JsonValue v)
            {
                output[key] = v.GetValueKind() switch
                {
                    JsonValueKind.String => v.GetValue<string>(),
                    JsonValueKind.Number => v.ToJsonString(),
                    JsonValueKind.True => "True",
                    JsonValueKind.False => "False",
                    _ => "",
                };
            }
        }

        return output;
    }

    /// <summary>Replaces <c>{@key}</c> by the value of <c>key</c> in the same template, until none is left (ayon-core's inner links).</summary>
    private static void SolveInnerLinks(Dictionary<string, string> keys, string where)
    {
        for (var round = 0; round <= keys.Count + 1; round++)
        {
            var found = false;
            foreach (var key in keys.Keys.ToList())
            {
                var value = keys[key];
                var matches = InnerKey().Matches(value);
                if (matches.Count == 0)
                {
                    continue;
                }

                found = true;
                foreach (Match match in matches)
                {
                    var inner = match.Groups["name"].Value;
                    if (inner == key)
                    {
                        throw new AnatomyException($"Unsolvable recursion in inner keys, key \"{key}\" of \"{where}\" is in its own value. Check the anatomy templates.");
                    }

                    if (!keys.TryGetValue(inner, out var replacement))
                    {
                        throw new AnatomyException($"Anatomy templates can't be filled. Anatomy key \"{where}/{key}\" has invalid inner key \"{inner}\".");
                    }

                    value = value.Replace(match.Value, replacement, StringComparison.Ordinal);
                }

                keys[key] = value;
            }

            if (!found)
            {
                return;
            }
        }

        throw new AnatomyException($"Unsolvable recursion in the inner keys of \"{where}\". Check the anatomy templates.");
    }

    [GeneratedRegex(@"\{@(?<name>[^{}]*?)\}")]
    private static partial Regex InnerKey();

    [GeneratedRegex(@"\{root\[(?<name>[^\]]+)\]\}")]
    private static partial Regex RootKey();
}

/// <summary>An anatomy that cannot be read or a template it does not have; the message names the project and the template.</summary>
public sealed class AnatomyException(string message) : Exception(message);
