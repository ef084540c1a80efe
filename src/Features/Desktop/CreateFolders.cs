using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Create Folders" (Python origin: <c>event_handlers_user/action_create_folders.py</c>, U-07): offered when a task or a
/// project is selected. With anything but tasks selected a form asks whether the children are included. The launch
/// fills the anatomy's <c>work/default/directory</c> and <c>publish/default/directory</c> for every folder of the
/// selection (with each of its tasks) and creates those directories; a template that cannot be filled is cut at its first
/// <c>{</c>, as the original does. Fixes against the original: the project itself is not made a folder (the original
/// made <c>&lt;root&gt;/&lt;project&gt;//&lt;code&gt;/work</c> of it), an anatomy without these templates is named in the
/// reply, and the work runs under an ftrack Job.
/// </summary>
public static class CreateFolders
{
    /// <summary>The action as ftrack shows it; identifier, label and icon are the original's (it has no settings).</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.create.folders", "Create Folders"), IconFile: "CreateFolders.svg");

    /// <summary>The menu opened, or a click (or form submission) on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.create.folders.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when a task or a project is selected.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Any(s => s.EntityType.ToLowerInvariant() is "task" or "show");
    }

    /// <summary>
    /// The form for a selection with anything but tasks (<paramref name="isProject"/> when the first such entity is the
    /// project); null when only tasks are selected (<paramref name="onlyTasks"/>).
    /// </summary>
    public static ActionResult? Form(bool onlyTasks, bool isProject)
    {
        if (onlyTasks)
        {
            return null;
        }

        var message = isProject
            ? "<h2>Do you want create folders for all children of your selection?</h2><h3>(Project root won't be created if not checked)</h3>"
            : "<h2>Do you want create folders also for all children of your selection?</h2>";
        return ActionResult.Form(
        [
            new JsonObject { ["type"] = "label", ["value"] = message },
            new JsonObject { ["type"] = "label", ["value"] = "With all chilren entities" },
            new JsonObject { ["name"] = "children_included", ["type"] = "boolean", ["value"] = false },
            new JsonObject { ["type"] = "hidden", ["name"] = "with_interface", ["value"] = true },
        ], "Create folders");
    }

    /// <summary>True when the submitted form asks for the children (always true without a form).</summary>
    public static bool WithChildren(JsonObject? values) =>
        values?["with_interface"] is not JsonValue w || w.GetValueKind() != JsonValueKind.True
        || values["children_included"] is JsonValue c && c.GetValueKind() == JsonValueKind.True;

    /// <summary>A folder of the selection (by its ftrack link: project first, itself last) and the tasks to create folders for.</summary>
    public sealed record Folder(IReadOnlyList<string> LinkNames, IReadOnlyList<(string Name, string Type)> Tasks);

    /// <summary>
    /// The directories to create, normalised for <paramref name="platform"/> and without repeats: per folder with tasks
    /// the work and publish directory of each task, per folder without tasks both directories cut at the task.
    /// </summary>
    /// <exception cref="AnatomyException">The anatomy has no <c>work/default</c> or <c>publish/default</c> directory template.</exception>
    public static IReadOnlyList<string> Directories(ProjectAnatomy anatomy, AnatomyPlatform platform, IReadOnlyList<Folder> folders)
    {
        ArgumentNullException.ThrowIfNull(anatomy);
        ArgumentNullException.ThrowIfNull(folders);
        var templates = new[] { anatomy.TemplateText("work", "default", "directory"), anatomy.TemplateText("publish", "default", "directory") };
        var output = new List<string>();
        foreach (var folder in folders)
        {
            var parents = folder.LinkNames.Skip(1).Take(Math.Max(folder.LinkNames.Count - 2, 0)).ToList();
            var data = TemplateData.Project(anatomy.ProjectName, anatomy.ProjectCode);
            data["asset"] = folder.LinkNames[^1];
            data["hierarchy"] = string.Join('/', parents);
            data["parent"] = parents.Count > 0 ? parents[^1] : anatomy.ProjectName;
            data["folder"] = new JsonObject { ["name"] = folder.LinkNames[^1] };
            var contexts = folder.Tasks.Count == 0
                ? [data]
                : folder.Tasks.Select(t => TemplateData.Merge((JsonObject)data.DeepClone(), TemplateData.Task(t.Name, t.Type, null))).ToList();
            foreach (var context in contexts)
            {
                foreach (var template in templates)
                {
                    var path = AnatomyPlatforms.NormalizePath(anatomy.Format(template, context, platform).SolvedPrefix, platform);
                    if (!output.Contains(path, platform == AnatomyPlatform.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal))
                    {
                        output.Add(path);
                    }
                }
            }
        }

        return output;
    }

    /// <summary>Creates the directories that do not exist yet; returns how many were created.</summary>
    public static int Create(IReadOnlyList<string> directories, IDesktopFiles files)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(files);
        var created = 0;
        foreach (var directory in directories.Where(d => !files.DirectoryExists(d)))
        {
            files.CreateDirectory(directory);
            created++;
        }

        return created;
    }

    /// <summary>The action's I/O: ftrack for the selection and its children, AYON for the anatomy, the disk for the folders.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session, IAyonApi ayon, IDesktopFiles files) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, RunAsync, cancellationToken);

        private async Task<ActionResult> RunAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            var values = ActionEvents.Values(e);
            if (selection.Count == 0)
            {
                return ActionResult.Message(false, "Nothing is selected.");
            }

            if (values is null or { Count: 0 })
            {
                // The selection's "task" is any TypedContext: only ftrack knows which are Tasks (a shot asks about its children).
                var contextIds = selection.Where(s => !IsShow(s)).Select(s => s.EntityId).ToList();
                var taskIds = contextIds.Count == 0 ? [] : (await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id").Where(FtrackFilter.In("id", contextIds)), entity => entity, cancellationToken))
                    .Where(IsTask).Select(entity => entity.Id).ToHashSet(StringComparer.Ordinal);
                var firstOther = selection.FirstOrDefault(s => IsShow(s) || !taskIds.Contains(s.EntityId));
                if (Form(firstOther is null, firstOther is not null && IsShow(firstOther)) is { } form)
                {
                    return form;
                }
            }

            var withChildren = WithChildren(values);
            var roots = selection.Where(s => s.EntityType.ToLowerInvariant() is "task" or "show" && (withChildren || !s.EntityType.Equals("show", StringComparison.OrdinalIgnoreCase))).ToList();
            if (roots.Count == 0)
            {
                return ActionResult.Message(true, "Nothing was created");
            }

            var scope = await runtime.ProjectAsync(e, cancellationToken);
            if (scope is null || !scope.AyonProjectExists)
            {
                return ActionResult.Message(false, $"Project '{scope?.ProjectName}' was not found in AYON.");
            }

            if (await AnatomyReads.ReadAsync(ayon, scope.ProjectName, cancellationToken) is not { } read)
            {
                return ActionResult.Message(false, $"Project '{scope.ProjectName}' was not found in AYON.");
            }

            var jobId = await runtime.Actions.StartJobAsync(e, "Creating folders.", cancellationToken);
            try
            {
                var folders = await FoldersAsync(selection, cancellationToken);
                var directories = Directories(read.Anatomy, files.Platform, folders);
                if (directories.Count == 0)
                {
                    await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Done, "Create Folders: no project folders to create.", cancellationToken);
                    return ActionResult.Message(true, "No project folders to create.");
                }

                var created = Create(directories, files);
                await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Done, $"Create Folders: {created} of {directories.Count} folder(s) created.", cancellationToken);
                return ActionResult.Message(true, "Successfully created project folders.");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                session.Rollback();
                await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Failed, $"Create Folders failed: {ex.Message}", cancellationToken);
                throw;
            }
        }

        /// <summary>The selected contexts and all their descendants, grouped as folders with their tasks (as the original walks them).</summary>
        private async Task<IReadOnlyList<Folder>> FoldersAsync(IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken)
        {
            var tasks = new List<FtrackEntity>();
            var others = new List<FtrackEntity>();
            var ids = selection.Where(s => !s.EntityType.Equals("show", StringComparison.OrdinalIgnoreCase)).Select(s => s.EntityId).ToList();
            var parentIds = selection.Where(s => s.EntityType.Equals("show", StringComparison.OrdinalIgnoreCase)).Select(s => s.EntityId).ToList();
            var query = FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "name", "parent_id", "type_id", "link");
            IReadOnlyList<FtrackEntity> level = ids.Count == 0 ? [] : await session.QueryAsync(query.Where(FtrackFilter.In("id", ids)), entity => entity, cancellationToken);
            while (true)
            {
                if (parentIds.Count > 0)
                {
                    level = [.. level, .. await session.QueryAsync(query.Where(FtrackFilter.In("parent_id", parentIds)), entity => entity, cancellationToken)];
                }

                if (level.Count == 0)
                {
                    break;
                }

                tasks.AddRange(level.Where(IsTask));
                var next = level.Where(entity => !IsTask(entity)).ToList();
                others.AddRange(next);
                parentIds = [.. next.Select(entity => entity.Id)];
                level = [];
            }

            var missingParents = tasks.Select(t => t.GetString("parent_id")).OfType<string>().Distinct(StringComparer.Ordinal)
                .Where(id => others.All(o => o.Id != id)).ToList();
            if (missingParents.Count > 0)
            {
                others.AddRange(await session.QueryAsync(query.Where(FtrackFilter.In("id", missingParents)), entity => entity, cancellationToken));
            }

            var types = (await session.QueryAsync(FtrackQuery.From("Type").Select("id", "name"), t => (t.Id, Name: t.GetString("name") ?? ""), cancellationToken))
                .ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
            if (tasks.Count == 0)
            {
                return [];
            }

            return [.. others.DistinctBy(o => o.Id).Select(other => new Folder(
                [.. other.Link.Select(l => l.Name)],
                [.. tasks.Where(t => t.GetString("parent_id") == other.Id).Select(t => (t.GetString("name") ?? "", types.GetValueOrDefault(t.GetString("type_id") ?? "", "")))]))];
        }

        private static bool IsTask(FtrackEntity entity) => entity.EntityType == "Task";

        private static bool IsShow(EventProject.SelectionItem item) => item.EntityType.Equals("show", StringComparison.OrdinalIgnoreCase);
    }
}
