using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Actions;

/// <summary>The pure rules and forms of <see cref="ComponentSizes"/>: the form, the job data, the sizes and the report.</summary>
public static partial class ComponentSizes
{
    /// <summary>The form: all projects, or the selected one when the selection names a project.</summary>
    public static ActionResult Form(string? selectedProjectName)
    {
        var data = new JsonArray(new JsonObject { ["label"] = "All projects", ["value"] = "all_projects" });
        if (selectedProjectName is not null)
        {
            data.Add(new JsonObject { ["label"] = $"Selected project ({selectedProjectName})", ["value"] = "selected_project" });
        }

        return ActionResult.Form(
            [new JsonObject { ["type"] = "enumerator", ["name"] = "workflow", ["label"] = "Calculate", ["data"] = data, ["value"] = "all_projects" }],
            title: "Calculate project component sizes",
            submitButtonLabel: "Calculate");
    }

    /// <summary>The Job's data at the start: every project not done, size -1.</summary>
    public static JsonObject StartData(IReadOnlyList<(string Id, string Name)> projects, string componentName)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var perProject = new JsonObject();
        foreach (var (id, name) in projects)
        {
            perProject[id] = new JsonObject { ["size"] = -1, ["attempts"] = 0, ["done"] = false, ["name"] = name };
        }

        var data = new JsonObject { ["desc_template"] = "Size calculation ({}/" + projects.Count.ToString(CultureInfo.InvariantCulture) + ")", ["component_name"] = componentName, ["project_data"] = perProject };
        data["description"] = Description(data);
        return data;
    }

    /// <summary>"Size calculation (done/all)".</summary>
    public static string Description(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var projects = data["project_data"] as JsonObject ?? [];
        var done = projects.Count(p => p.Value?["done"]?.GetValue<bool>() == true);
        return (data["desc_template"]?.GetValue<string>() ?? "Size calculation ({})").Replace("{}", done.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The report: <c>project,human size,bytes</c> rows, largest first (projects without a size last, as -1).</summary>
    public static string Csv(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = (data["project_data"] as JsonObject ?? [])
            .Select(p => (Name: p.Value?["name"]?.GetValue<string>() ?? p.Key, Size: FtrackValue.ReadInt64(p.Value?["size"]) ?? -1))
            .OrderByDescending(r => r.Size).ThenBy(r => r.Name, StringComparer.Ordinal);
        var csv = new StringBuilder("Project name,Size,Size (bytes)\n");
        foreach (var (name, size) in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Quote(name)},{HumanSize(size)},{size}\n");
        }

        return csv.ToString();
    }

    /// <summary>Bytes in B, KB, MB, GB, TB (1024 based), e.g. <c>1.5 GB</c>; <c>N/A</c> for a negative size.</summary>
    public static string HumanSize(long bytes)
    {
        if (bytes < 0)
        {
            return "N/A";
        }

        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;
}
