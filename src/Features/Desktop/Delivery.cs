using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Delivery" (Python origin: <c>event_handlers_user/action_delivery.py</c> with ayon-core's <c>pipeline/delivery.py</c>,
/// U-09): offered on AssetVersions or ReviewSessions to users with a role of <c>user_handlers.delivery_action</c>. The
/// form lists the representation names of the AYON versions the selection maps to, the project's delivery templates and
/// an optional location that replaces the templates' roots; the submission copies every file of the chosen
/// representations to the template's path (frames of a sequence one by one, <c>ftrack.session_name</c> in the data)
/// under an ftrack Job. A source file that is missing is reported in the Job and in the reply, and the other files are
/// still delivered. Fixes against the original: a delivery that only partly failed says which files were copied; every
/// file of a representation without frame numbers is delivered (the original kept one).
/// </summary>
public static partial class Delivery
{
    /// <summary>The action as ftrack shows it; identifier, label, icon and settings key are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("delivery.action", "Delivery", Description: "Deliver data to client"), "delivery_action", IconFile: "Delivery.svg");

    /// <summary>The report heading of a missing source file (the original's).</summary>
    public const string SourceNotFound = "Source file was not found";

    /// <summary>Hidden and fixed form keys (the original's).</summary>
    public const string ProjectKey = "__project_name__";
    public const string SkippedKey = "__skipped__";
    public const string SessionKey = "__session_name__";
    public const string TemplateKey = "__delivery_template__";
    public const string LocationKey = "__location_path__";

    private static readonly string[] DefaultKeys = ["frame", "version", "frame_padding", "version_padding"];

    /// <summary>True when an AssetVersion or a ReviewSession is selected.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Any(s => EventProject.QueryTypeOf(s.EntityType) is "AssetVersion" or "ReviewSession");
    }

    /// <summary>The ftrack custom attribute holding an entity's AYON id.</summary>
    public const string AyonIdKey = "ayon_id";

    /// <summary>
    /// Why a launch cannot deliver the selection: nothing to deliver, or other entities mixed in (the original delivered
    /// the versions and ignored the rest silently); null when the selection is only AssetVersions and ReviewSessions.
    /// </summary>
    public static string? SelectionProblem(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!Applies(selection))
        {
            return "Select AssetVersions or a ReviewSession to deliver.";
        }

        var others = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) is not ("AssetVersion" or "ReviewSession"))
            .Select(s => s.EntityType).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return others.Count == 0 ? null
            : $"Select only AssetVersions or ReviewSessions to deliver; the selection also holds: {string.Join(", ", others)}. Nothing was delivered.";
    }

    /// <summary>The delivery template names a user may choose: the anatomy's <c>delivery</c> templates, defaults excluded.</summary>
    public static IReadOnlyList<string> TemplateChoices(ProjectAnatomy anatomy)
    {
        ArgumentNullException.ThrowIfNull(anatomy);
        return [.. anatomy.TemplateNames("delivery").Where(n => !DefaultKeys.Contains(n))];
    }

    /// <summary>
    /// The form: the session name (<paramref name="sessionName"/>), one checkbox per representation name, the template and
    /// the location. With no representation or no delivery template it is an error form whose hidden <c>__skipped__</c>
    /// is true, naming what is missing.
    /// </summary>
    public static ActionResult Form(string projectName, string sessionName, IReadOnlyList<string> representationNames, IReadOnlyList<string> templates, bool singleEntity)
    {
        ArgumentNullException.ThrowIfNull(representationNames);
        ArgumentNullException.ThrowIfNull(templates);
        var items = new List<JsonObject> { Hidden(ProjectKey, projectName) };
        var skipped = representationNames.Count == 0 || templates.Count == 0;
        if (skipped)
        {
            items.Add(Label("<h1>Something went wrong:</h1>"));
        }

        items.Add(Hidden(SkippedKey, skipped));
        if (representationNames.Count == 0)
        {
            items.Add(Label(singleEntity ? "- Selected entity doesn't have components to deliver." : "- Selected entities don't have common components."));
        }

        if (templates.Count == 0)
        {
            items.Add(Label("- `\"delivery\"` anatomy key is not set in config."));
        }

        if (skipped)
        {
            return ActionResult.Form(items, "Delivery data to Client");
        }

        items.Add(Label("<h2>Session name used in template</h2>"));
        items.Add(new JsonObject { ["type"] = "text", ["value"] = sessionName, ["name"] = SessionKey });
        items.Add(Label("<h1>Choose Components to deliver</h1>"));
        items.AddRange(representationNames.Select(name => new JsonObject { ["type"] = "boolean", ["value"] = false, ["label"] = name, ["name"] = name }));
        items.Add(Label("---"));
        items.Add(Label("<h2>Choose delivery template</h2>"));
        items.Add(new JsonObject
        {
            ["type"] = "enumerator",
            ["name"] = TemplateKey,
            ["data"] = new JsonArray([.. templates.Select(t => (JsonNode?)new JsonObject { ["label"] = t, ["value"] = t })]),
            ["value"] = templates[0],
        });
        items.Add(Label("---"));
        items.Add(Label("<h2>Location for delivery</h2>"));
        items.Add(Label("<i>NOTE: It is possible to replace `root` key in anatomy.</i>"));
        items.Add(new JsonObject { ["type"] = "text", ["name"] = LocationKey, ["empty_text"] = "Type location path here...(Optional)" });
        return ActionResult.Form(items, "Delivery data to Client");
    }

    /// <summary>What the user submitted.</summary>
    public sealed record Submission(string ProjectName, string SessionName, string TemplateName, string Location, IReadOnlyList<string> RepresentationNames);

    /// <summary>
    /// Reads the submitted form; a readable refusal when the form was an error form, a value is missing, or nothing is
    /// ticked.
    /// </summary>
    public static (Submission? Submission, string? Refusal) Read(JsonObject values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values[SkippedKey] is JsonValue skipped && skipped.GetValueKind() == JsonValueKind.True)
        {
            return (null, "Action skipped");
        }

        if (Text(values, ProjectKey) is not { Length: > 0 } project)
        {
            return (null, "The delivery form has no project; launch Delivery again from ftrack.");
        }

        if (Text(values, TemplateKey) is not { Length: > 0 } template)
        {
            return (null, "No delivery template was chosen.");
        }

        var names = values.Where(p => p.Key is not (ProjectKey or SkippedKey or SessionKey or TemplateKey or LocationKey)
                && p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.True)
            .Select(p => p.Key).ToList();
        if (names.Count == 0)
        {
            return (null, "No selected components to deliver.");
        }

        return (new Submission(project, Text(values, SessionKey) ?? "", template, (Text(values, LocationKey) ?? "").Trim(), names), null);
    }

    /// <summary>The menu opened, or a click (or form submission) on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>delivery.action.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>The action's I/O: ftrack versions mapped to AYON versions, the anatomy and representations from AYON, the copies on disk.</summary>
    internal sealed class Handler(
        LocalActionRuntime local, UserActionRuntime runtime, FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> ayonOptions, IDesktopFiles files, TimeProvider time)
        : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (SelectionProblem(selection) is { } problem)
            {
                return ActionResult.Message(false, problem);
            }

            var scope = await runtime.ProjectAsync(e, cancellationToken);
            if (scope is null || !scope.AyonProjectExists || await AnatomyReads.ReadAsync(ayon, scope.ProjectName, cancellationToken) is not { } read)
            {
                return ActionResult.Message(false, $"Project \"{scope?.ProjectName}\" not found in AYON.");
            }

            var values = ActionEvents.Values(e);
            if (values is null or { Count: 0 })
            {
                var versionIds = await AyonVersionIdsAsync(scope.ProjectName, selection, cancellationToken);
                var names = (await AnatomyReads.ListRepresentationsAsync(ayon, scope.ProjectName, versionIds, null, cancellationToken))
                    .Select(r => r.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var sessionName = await ReviewSessionNameAsync(selection, cancellationToken) ?? time.GetLocalNow().ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                return Form(scope.ProjectName, sessionName, names, TemplateChoices(read.Anatomy), selection.Count == 1);
            }

            var (submission, refusal) = Read(values);
            if (submission is null)
            {
                return ActionResult.Message(refusal == "No selected components to deliver.", refusal ?? "Nothing to do");
            }

            if (read.Anatomy.Template("delivery", submission.TemplateName) is null)
            {
                return ActionResult.Message(false, $"The anatomy of project \"{scope.ProjectName}\" has no delivery template \"{submission.TemplateName}\"; nothing was delivered.");
            }

            var jobId = await runtime.Actions.StartJobAsync(e, "Delivery processing.", cancellationToken);
            Outcome outcome;
            try
            {
                var versionIds = await AyonVersionIdsAsync(scope.ProjectName, selection, cancellationToken);
                var representations = await AnatomyReads.ListRepresentationsAsync(ayon, scope.ProjectName, versionIds, submission.RepresentationNames, cancellationToken);
                var general = CoreSettings.GeneralTemplateData(
                    await CoreSettings.ReadAsync(ayon, ayonOptions.Value.Variant, scope.ProjectName, cancellationToken),
                    (await ayon.GetCurrentUserAsync(cancellationToken)).Name);
                var sources = await SourcesAsync(scope.ProjectName, read.Project, general, representations, cancellationToken);
                var plan = PlanCopies(read.Anatomy, files.Platform, submission, TemplateData.DateTime(time.GetLocalNow()), sources);
                outcome = Execute(plan, files);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                session.Rollback();
                await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Failed, $"Delivery failed: {ex.Message}", cancellationToken);
                throw;
            }

            await runtime.Actions.UpdateJobAsync(jobId, outcome.Success ? ActionJobStatus.Done : ActionJobStatus.Failed, JobDescription(outcome), cancellationToken);
            if (outcome.Success)
            {
                return ActionResult.Message(true, "Delivery Finished");
            }

            await local.ShowInterfaceAsync(e, ReportItems(outcome), "Delivery report", cancellationToken);
            return ActionResult.Message(false, "Errors during delivery process. See report.");
        }

        private async Task<string?> ReviewSessionNameAsync(IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken)
        {
            var ids = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == "ReviewSession").Select(s => s.EntityId).ToList();
            return ids.Count == 0 ? null
                : (await session.QueryFirstAsync(FtrackQuery.From("ReviewSession").Select("id", "name").Where(FtrackFilter.In("id", ids)), cancellationToken))?.GetString("name");
        }

        /// <summary>
        /// The AYON versions of the selected AssetVersions (and those of the selected review sessions): the Asset's context is
        /// the folder (by its <c>ftrackId</c>, else by the context's <c>ayon_id</c> custom attribute, else by its link path,
        /// as the original), the Asset's name the product, the version number the version.
        /// </summary>
        private async Task<IReadOnlyList<string>> AyonVersionIdsAsync(string projectName, IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken)
        {
            var versionIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == "AssetVersion").Select(s => s.EntityId).ToHashSet(StringComparer.Ordinal);
            var sessionIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == "ReviewSession").Select(s => s.EntityId).ToList();
            if (sessionIds.Count > 0)
            {
                versionIds.UnionWith((await session.QueryAsync(
                    FtrackQuery.From("ReviewSessionObject").Select("id", "version_id").Where(FtrackFilter.In("review_session_id", sessionIds)),
                    o => o.GetString("version_id"), cancellationToken)).OfType<string>());
            }

            if (versionIds.Count == 0)
            {
                return [];
            }

            var ftVersions = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "version", "asset_id").Where(FtrackFilter.In("id", versionIds)),
                v => (AssetId: v.GetString("asset_id") ?? "", Version: v.GetInt32("version") ?? 0), cancellationToken);
            var assets = (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Asset).Select("id", "name", "context_id").Where(FtrackFilter.In("id", ftVersions.Select(v => v.AssetId).Distinct())),
                a => (a.Id, Name: a.GetString("name") ?? "", ContextId: a.GetString("context_id") ?? ""), cancellationToken)).ToDictionary(a => a.Id, StringComparer.Ordinal);
            var contextIds = assets.Values.Select(a => a.ContextId).Distinct(StringComparer.Ordinal).ToList();
            var folders = (await ayon.ListFoldersAsync(projectName, new FolderFilter(), cancellationToken)).ToList();
            var folderByContext = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var folder in folders.Where(f => f.FtrackId is { } id && contextIds.Contains(id)))
            {
                folderByContext[folder.FtrackId!] = folder.Id;
            }

            var missing = contextIds.Where(id => !folderByContext.ContainsKey(id)).ToList();
            if (missing.Count > 0
                && await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.CustomAttributeConfiguration).Select("id").Where(FtrackFilter.Is("key", AyonIdKey)), cancellationToken) is { } ayonIdConfiguration)
            {
                var values = await session.QueryAsync(
                    FtrackQuery.From(FtrackEntityTypes.CustomAttributeValue).Select("entity_id", "value").Where(FtrackFilter.Is("configuration_id", ayonIdConfiguration.Id)).Where(FtrackFilter.In("entity_id", missing)),
                    v => (EntityId: v.GetString("entity_id") ?? "", Value: v.GetString("value")), cancellationToken);
                foreach (var (entityId, value) in values)
                {
                    if (value is { Length: > 0 } && folders.FirstOrDefault(f => f.Id == value) is { } byAyonId)
                    {
                        folderByContext[entityId] = byAyonId.Id;
                    }
                }

                missing = [.. missing.Where(id => !folderByContext.ContainsKey(id))];
            }

            if (missing.Count > 0)
            {
                foreach (var context in await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.TypedContext).Select("id", "link").Where(FtrackFilter.In("id", missing)), c => c, cancellationToken))
                {
                    var path = "/" + string.Join('/', context.Link.Skip(1).Select(l => l.Name));
                    if (folders.FirstOrDefault(f => f.Path == path) is { } byPath)
                    {
                        folderByContext[context.Id] = byPath.Id;
                    }
                }
            }

            var products = await ayon.ListProductsAsync(projectName, new ProductFilter(Names: [.. assets.Values.Select(a => a.Name).Distinct(StringComparer.Ordinal)], FolderIds: [.. folderByContext.Values.Distinct(StringComparer.Ordinal)]), cancellationToken);
            var versions = products.Count == 0 ? [] : await ayon.ListVersionsAsync(projectName, new VersionFilter(ProductIds: [.. products.Select(p => p.Id)]), cancellationToken);
            var output = new List<string>();
            foreach (var (assetId, number) in ftVersions)
            {
                if (!assets.TryGetValue(assetId, out var asset) || !folderByContext.TryGetValue(asset.ContextId, out var folderId)
                    || products.FirstOrDefault(p => p.FolderId == folderId && p.Name == asset.Name) is not { } product
                    || versions.FirstOrDefault(v => v.ProductId == product.Id && v.Version == number) is not { } version)
                {
                    continue;
                }

                output.Add(version.Id);
            }

            return [.. output.Distinct(StringComparer.Ordinal)];
        }

        /// <summary>The template data of each representation (ayon-core's <c>get_representations_delivery_template_data</c>).</summary>
        private async Task<IReadOnlyList<Source>> SourcesAsync(
            string projectName, ProjectModel project, JsonObject general, IReadOnlyList<RepresentationFiles> representations, CancellationToken cancellationToken)
        {
            if (representations.Count == 0)
            {
                return [];
            }

            var versions = (await ayon.ListVersionsAsync(projectName, new VersionFilter(Ids: [.. representations.Select(r => r.VersionId).Distinct(StringComparer.Ordinal)]), cancellationToken)).ToDictionary(v => v.Id, StringComparer.Ordinal);
            var products = (await ayon.ListProductsAsync(projectName, new ProductFilter(Ids: [.. versions.Values.Select(v => v.ProductId).Distinct(StringComparer.Ordinal)]), cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
            var folders = (await ayon.ListFoldersAsync(projectName, new FolderFilter(Ids: [.. products.Values.Select(p => p.FolderId).Distinct(StringComparer.Ordinal)]), cancellationToken)).ToDictionary(f => f.Id, StringComparer.Ordinal);
            var taskIds = versions.Values.Select(v => v.TaskId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var tasks = taskIds.Count == 0 ? [] : (await ayon.ListTasksAsync(projectName, new TaskFilter(Ids: taskIds), cancellationToken)).ToDictionary(t => t.Id, StringComparer.Ordinal);
            var output = new List<Source>();
            foreach (var representation in representations)
            {
                var data = TemplateData.Merge((JsonObject)representation.Context.DeepClone(), general);
                if (versions.TryGetValue(representation.VersionId, out var version) && products.TryGetValue(version.ProductId, out var product))
                {
                    if (folders.TryGetValue(product.FolderId, out var folder))
                    {
                        TemplateData.Merge(data, TemplateData.Folder(folder.Path ?? "/" + folder.Name, folder.FolderType, projectName));
                    }

                    if (version.TaskId is { } taskId && tasks.TryGetValue(taskId, out var task))
                    {
                        TemplateData.Merge(data, TemplateData.Task(task.Name, task.TaskType, project.TaskTypes.FirstOrDefault(t => t.Name == task.TaskType)?.ShortName));
                    }

                    data["product"] = new JsonObject { ["name"] = product.Name, ["type"] = product.ProductType };
                    data["version"] = version.Version;
                }

                TemplateData.Merge(data, representation.Context);
                data.Remove("root");
                output.Add(new Source(representation.Id, representation.Files, data, representation.Context.ContainsKey("frame"), representation.Context.ContainsKey("udim")));
            }

            return output;
        }
    }

    private static string? Text(JsonObject values, string key) =>
        values[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonObject Label(string text) => new() { ["type"] = "label", ["value"] = text };

    private static JsonObject Hidden(string name, JsonNode? value) => new() { ["type"] = "hidden", ["name"] = name, ["value"] = value };
}
