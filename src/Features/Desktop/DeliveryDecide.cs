using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;

namespace AyonFtrack.Features.Desktop;

/// <summary>Delivery's pure rules: the copies a submission plans from the anatomy and the representations, their execution over <see cref="IDesktopFiles"/>, and the report.</summary>
public static partial class Delivery
{
    /// <summary>One representation to deliver: its rootless files and the template data of its context.</summary>
    public sealed record Source(string RepresentationId, IReadOnlyList<string> Files, JsonObject TemplateData, bool ContextHasFrame, bool ContextHasUdim);

    /// <summary>One file to copy.</summary>
    public sealed record Copy(string RepresentationId, string Source, string Destination);

    /// <summary>The copies, and the problems found while planning them, by heading (as the original's report).</summary>
    public sealed record Plan(IReadOnlyList<Copy> Copies, IReadOnlyDictionary<string, IReadOnlyList<string>> Problems);

    /// <summary>
    /// Plans the delivery (ayon-core's <c>check_destination_path</c> and <c>deliver_single_file</c> without the disk):
    /// per representation the data gets the date keys and <c>ftrack.session_name</c>; a template it cannot fill is a
    /// problem for that representation; each file's root is filled for <paramref name="platform"/>, its frame number set
    /// as <c>frame</c> (or <c>udim</c>), and the destination is the template's <c>path</c> with the roots replaced by
    /// the submission's location when one is given.
    /// </summary>
    /// <exception cref="AnatomyException">The project has no such delivery template.</exception>
    public static Plan PlanCopies(ProjectAnatomy anatomy, AnatomyPlatform platform, Submission submission, JsonObject dateData, IReadOnlyList<Source> sources)
    {
        ArgumentNullException.ThrowIfNull(anatomy);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(sources);
        var template = anatomy.TemplateText("delivery", submission.TemplateName, "path");
        var location = submission.Location.Length == 0 ? null : AnatomyPlatforms.NormalizePath(submission.Location, platform).Replace('\\', '/');
        var locationRoots = new JsonObject();
        foreach (var name in anatomy.RootNamesUsedBy("delivery"))
        {
            locationRoots[name] = location;
        }

        var copies = new List<Copy>();
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var data = (JsonObject)source.TemplateData.DeepClone();
            TemplateData.Merge(data, dateData);
            if (submission.SessionName.Length > 0)
            {
                data["ftrack"] = new JsonObject { ["session_name"] = submission.SessionName };
            }

            var check = anatomy.Format(template, data, platform);
            if (!check.Solved)
            {
                var detail = new StringBuilder($"Representation: {source.RepresentationId}<br>");
                if (check.MissingKeys.Count > 0)
                {
                    detail.Append($"- Missing keys: \"{string.Join(", ", check.MissingKeys.Order(StringComparer.Ordinal))}\"<br>");
                }

                if (check.InvalidTypes.Count > 0)
                {
                    detail.Append($"- Invalid value DataType: \"{string.Join(", ", check.InvalidTypes.Select(p => $"\"{p.Key}\" {p.Value}"))}\"<br>");
                }

                Add(problems, $"Missing keys in Representation's context for anatomy template \"{submission.TemplateName}\".", detail.ToString());
                continue;
            }

            var files = source.Files.Select(f => anatomy.FillRoot(f, platform)).ToList();
            foreach (var (path, frame) in TemplateData.Frames(files))
            {
                var fileData = (JsonObject)data.DeepClone();
                if (frame is not null)
                {
                    fileData[source.ContextHasUdim && !source.ContextHasFrame ? "udim" : "frame"] = frame;
                }

                if (location is not null)
                {
                    fileData["root"] = locationRoots.DeepClone();
                }

                var destination = anatomy.Format(template, fileData, platform);
                if (!destination.Solved)
                {
                    Add(problems, $"Missing keys in Representation's context for anatomy template \"{submission.TemplateName}\".", $"Representation: {source.RepresentationId}<br>- {new TemplateUnsolvedException(destination).Message}<br>");
                    continue;
                }

                // As the original: an extension written with its dot ("..exr") is repaired, trailing white space goes.
                var target = AnatomyPlatforms.NormalizePath(destination.Output.Replace("..", ".", StringComparison.Ordinal), platform).TrimEnd();
                copies.Add(new Copy(source.RepresentationId, AnatomyPlatforms.NormalizePath(path, platform), target));
            }
        }

        return new Plan(copies, problems.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
    }

    /// <summary>What a delivery did: the files copied and the problems by heading.</summary>
    public sealed record Outcome(IReadOnlyList<Copy> Delivered, IReadOnlyDictionary<string, IReadOnlyList<string>> Problems)
    {
        /// <summary>True when nothing went wrong.</summary>
        public bool Success => Problems.Count == 0;
    }

    /// <summary>
    /// Copies the planned files: a missing source is reported under <see cref="SourceNotFound"/> and skipped, the
    /// destination's directory is created, an existing destination is left alone. Every other file is still delivered.
    /// </summary>
    public static Outcome Execute(Plan plan, IDesktopFiles files)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(files);
        var problems = plan.Problems.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);
        var delivered = new List<Copy>();
        foreach (var copy in plan.Copies)
        {
            if (!files.FileExists(copy.Source))
            {
                Add(problems, SourceNotFound, $"{copy.Source} doesn't exist for {copy.RepresentationId}");
                continue;
            }

            var directory = AnatomyPlatforms.DirectoryOf(copy.Destination, files.Platform);
            if (directory.Length > 0 && !files.DirectoryExists(directory))
            {
                files.CreateDirectory(directory);
            }

            files.CopyFile(copy.Source, copy.Destination);
            delivered.Add(copy);
        }

        return new Outcome(delivered, problems.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal));
    }

    /// <summary>The Job's description of an outcome: what was delivered and every problem (plain text).</summary>
    public static string JobDescription(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var text = new StringBuilder($"Delivery: {outcome.Delivered.Count} file(s) delivered.");
        foreach (var (heading, lines) in outcome.Problems)
        {
            text.Append($" {heading}: {string.Join("; ", lines.Select(l => l.Replace("<br>", " ", StringComparison.Ordinal).Trim()))}.");
        }

        return text.ToString();
    }

    /// <summary>The report widget's items (the original's "Delivery report"): a heading and the lines per problem.</summary>
    public static IReadOnlyList<JsonObject> ReportItems(Outcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var items = new List<JsonObject>();
        foreach (var (heading, lines) in outcome.Problems)
        {
            if (items.Count > 0)
            {
                items.Add(Label("---"));
            }

            items.Add(Label($"# {heading}"));
            items.Add(Label($"<p>{string.Join("<br>", lines)}</p>"));
        }

        items.Add(Label($"<p>{outcome.Delivered.Count} file(s) were delivered.</p>"));
        return items;
    }

    private static void Add(Dictionary<string, List<string>> problems, string heading, string line)
    {
        if (!problems.TryGetValue(heading, out var lines))
        {
            problems[heading] = lines = [];
        }

        lines.Add(line);
    }
}
