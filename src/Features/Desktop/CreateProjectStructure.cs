using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using MediatR;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Create Project Structure" (Python origin: <c>event_handlers_user/action_create_project_structure.py</c> with
/// ayon-core's <c>pipeline/project_folders.py</c>, U-08): offered on one selected project. The launch reads core's
/// <c>project_folder_structure</c> for the project, creates its folders on disk (<c>__project_root__</c> is every root of
/// the anatomy that exists on this machine, followed by the project name; <c>[...]</c> tags are dropped from folder
/// names), creates the items tagged <c>[ftrack]</c> or <c>[ftrack.&lt;Type&gt;]</c> (with their parents) in ftrack under
/// the project (a Folder unless a type is given; an existing child of the same name is reused), and announces
/// <c>ayon.project.structure.created</c> <c>{project_name}</c> on the ftrack hub (as the original) and as an AYON event.
/// The work runs under an ftrack Job. Fixed against the original: a structure that is not valid JSON, a path that cannot
/// be filled or an unknown ftrack type is a readable failure naming it, the Job says how many folders and entities were
/// made, and a failure after some folders were made says so.
/// </summary>
public static partial class CreateProjectStructure
{
    /// <summary>The action as ftrack shows it; identifier, label, description and icon are the original's (it checks no roles).</summary>
    public static readonly UserAction Action = new(
        new LocalAction("ayon.create.project.structure", "Create Project Structure", Description: "Creates folder structure"), IconFile: "CreateProjectFolders.svg");

    /// <summary>The topic announced after the structure was created.</summary>
    public const string CreatedTopic = "ayon.project.structure.created";

    /// <summary>The key standing for the project's root folder.</summary>
    public const string ProjectRootKey = "__project_root__";

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.create.project.structure.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when exactly one project is selected.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Count == 1 && EventProject.QueryTypeOf(selection[0].EntityType) == FtrackEntityTypes.Project;
    }

    /// <summary>The action's I/O: core's settings and the anatomy from AYON, the folders on disk, the entities in ftrack, the announcements.</summary>
    internal sealed class Handler(
        UserActionRuntime runtime, FtrackSession session, IFtrackEventHub hub, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IDesktopFiles files)
        : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!Applies(selection))
            {
                return ActionResult.Message(false, "Select one project to create its structure; nothing was created.");
            }

            var scope = await runtime.ProjectAsync(e, cancellationToken);
            if (scope is null || !scope.AyonProjectExists || await AnatomyReads.ReadAsync(ayon, scope.ProjectName, cancellationToken) is not { } read)
            {
                return ActionResult.Message(false, $"Project '{scope?.ProjectName}' was not found in AYON.");
            }

            var core = await CoreSettings.ReadAsync(ayon, ayonOptions.Value.Variant, scope.ProjectName, cancellationToken);
            IReadOnlyList<IReadOnlyList<string>> paths;
            IReadOnlyList<string> disk;
            try
            {
                var structure = core is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("project_folder_structure", out var s) ? JsonNode.Parse(s.GetRawText()) : null;
                paths = BasicPaths(structure);
                var roots = read.Anatomy.Roots.Where(r => r.For(files.Platform) is { Length: > 0 } path && files.DirectoryExists(path)).Select(r => r.Name).ToList();
                disk = DiskPaths(read.Anatomy, files.Platform, paths, roots);
            }
            catch (Exception ex) when (ex is FormatException or AnatomyException)
            {
                return ActionResult.Message(false, $"{ex.Message} Nothing was created.");
            }

            if (paths.Count == 0)
            {
                return ActionResult.Message(false, "Project structure is not set.");
            }

            var made = 0;
            return await runtime.RunJobAsync(e, "Creating project structure.", async ct =>
            {
                try
                {
                    made = CreateFolders.Create(disk, files);
                    var entities = 0;
                    foreach (var item in FtrackItems(paths))
                    {
                        entities += await EnsureAsync(item, scope.FtrackProjectId, scope.FtrackProjectId, ct);
                    }

                    await hub.PublishAsync(FtrackEvent.Create(Guid.NewGuid().ToString("N"), CreatedTopic, new JsonObject { ["project_name"] = scope.ProjectName }), ct);
                    using var created = await ayon.PostEventAsync(new DispatchEventRequest
                    {
                        Topic = CreatedTopic,
                        Project = scope.ProjectName,
                        Description = $"Project structure of {scope.ProjectName} created",
                        Payload = new JsonObject { ["project_name"] = scope.ProjectName },
                        Finished = true,
                        Store = true,
                    }, ct);
                    var text = $"{made} of {disk.Count} folder(s) created on disk, {entities} ftrack entit{(entities == 1 ? "y" : "ies")} created.";
                    return new JobOutcome(ActionResult.Message(true, $"Project structure created: {text}"), $"Create Project Structure: {text}");
                }
                catch (Exception ex) when (made > 0 && (ex is not OperationCanceledException || !ct.IsCancellationRequested))
                {
                    throw new InvalidOperationException($"{ex.Message} ({made} folder(s) had been created on disk.)", ex);
                }
            }, cancellationToken);
        }

        /// <summary>Ensures <paramref name="item"/> under <paramref name="parentId"/> (a child of the same name is reused) and its children; returns how many entities were created.</summary>
        private async Task<int> EnsureAsync(FtrackItem item, string parentId, string projectId, CancellationToken cancellationToken)
        {
            var existing = await session.QueryFirstAsync(
                FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id").Where(FtrackFilter.Is("parent_id", parentId)).Where(FtrackFilter.Is("name", item.Name)), cancellationToken);
            var created = 0;
            var id = existing?.Id;
            if (id is null)
            {
                id = session.Create(item.EntityType, new Dictionary<string, object?> { ["name"] = item.Name, ["parent_id"] = parentId, ["project_id"] = projectId }).Id;
                await session.CommitAsync(cancellationToken);
                created++;
            }

            foreach (var child in item.Children)
            {
                created += await EnsureAsync(child, id, projectId, cancellationToken);
            }

            return created;
        }
    }
}
