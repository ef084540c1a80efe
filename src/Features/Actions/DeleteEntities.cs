using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Actions;

/// <summary>
/// "Delete Folders/Products" (Python origin: <c>action_delete_entities.py</c>, P-03): offered when a folder-like
/// ftrack entity (not a Task) is selected. A wizard (folders or products of the selection, archive or delete; for
/// products the names to remove; then what will go and the word to type) ends in one run under an ftrack Job: the AYON
/// folders (with every folder below them and their tasks) or products are archived or deleted, the matching ftrack
/// entities are deleted (tasks, then folder-like entities bottom-up; or the Assets of the chosen names), and an AYON
/// event (<see cref="AuditTopic"/>) names what went and who asked (ftrack user id and username, never an e-mail).
/// Fixes against the original (§7): by default only Administrators and Project Managers may use it (the original let
/// everyone); folders holding published products are deleted only when the confirmation form says so explicitly, any
/// other attempt is refused with the reason; AYON folders are found by their ftrack id, not by unslugified path; a wrong
/// confirmation word, a replay or a selection already gone changes nothing.
/// </summary>
public static partial class DeleteEntities
{
    /// <summary>The topic of the audit event recorded for each run.</summary>
    public const string AuditTopic = "ftrack.entities.deleted";

    /// <summary>How many AYON operations go in one request (the original's chunk size).</summary>
    public const int Chunk = 200;

    /// <summary>The action as ftrack shows it; identifier, label, description and settings key are the original's.</summary>
    public static readonly ServerAction Action = new(
        "delete.ayon.entities", "Delete Folders/Products", Description: "Remove entities from AYON and from ftrack with all children", SettingsKey: "delete_ayon_entities")
    {
        DefaultRoles = ["Administrator", "Project Manager"],
    };

    /// <summary>The action's menu entry, role rule and selection rule, for the one discover route.</summary>
    public static readonly ServerActionDescriptor Descriptor = new(Action, e => ContextIdsOf(e).Count > 0)
    {
        IconFile = "DeleteAsset.svg",
        Check = FolderLikeSelectedAsync,
    };

    /// <summary>A click or a submission of the wizard on the selected ftrack contexts.</summary>
    public sealed record LaunchCommand(FtrackEvent Event, IReadOnlyList<string> ContextIds, JsonObject? Values) : IActionLaunch;

    /// <summary>A launch on the selection's contexts.</summary>
    public static LaunchCommand? Launch(FtrackEvent e) => new LaunchCommand(e, ContextIdsOf(e), ActionEvents.Values(e));

    /// <summary>The ids of the selected items of ftrack's legacy type <c>task</c> (TypedContexts: folders and Tasks).</summary>
    public static IReadOnlyList<string> ContextIdsOf(FtrackEvent e) =>
        [.. EventProject.Selection(e).Where(s => string.Equals(s.EntityType, "task", StringComparison.OrdinalIgnoreCase)).Select(s => s.EntityId).Distinct(StringComparer.Ordinal)];

    /// <summary>The discover check: at least one selected context is not a Task.</summary>
    public static async Task<bool> FolderLikeSelectedAsync(FtrackSession session, FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return (await FolderLikeAsync(session, ContextIdsOf(e), cancellationToken)).Count > 0;
    }

    private static async Task<IReadOnlyList<PlannedFtrackEntity>> FolderLikeAsync(FtrackSession session, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? [] : [.. (await session.QueryAsync(
                FtrackQuery.From("TypedContext").Select("id", "parent_id").Where(FtrackFilter.In("id", ids)),
                e => new PlannedFtrackEntity(e.Id, e.EntityType, e.GetString("parent_id")),
                cancellationToken))
            .Where(e => e.EntityType != "Task")];

    internal sealed partial class LaunchHandler(
        ActionRuntime actions, FtrackSession session, IAyonApi ayon, ProjectContexts projects, IOptions<AyonOptions> ayonOptions, ILogger<LaunchHandler> logger)
        : IServerActionLauncher<LaunchCommand>
    {
        public async Task<ActionResult> LaunchAsync(LaunchCommand launch, CancellationToken cancellationToken)
        {
            var step = StepOf(launch.Values);
            var project = await projects.ForEventAsync(launch.Event, cancellationToken);
            if (project is null)
            {
                return step == WizardStep.Confirm
                    ? ActionResult.Message(true, "Nothing left to delete: the selected entities no longer exist in ftrack.")
                    : ActionResult.Message(false, "The selection is in no ftrack project.");
            }

            if (!project.AyonProjectExists)
            {
                return ActionResult.Message(false, $"Project '{project.ProjectName}' not found in AYON.");
            }

            var choice = ChoiceOf(launch.Values);
            var selected = await FolderLikeAsync(session, launch.ContextIds, cancellationToken);
            if (step == WizardStep.Choose)
            {
                return selected.Count == 0 ? ActionResult.Message(false, "Invalid selection for this action.") : ChooseForm();
            }

            var plan = await PlanAsync(project.ProjectName, launch.ContextIds, selected, choice, step == WizardStep.ChooseProducts, cancellationToken);
            switch (step)
            {
                case WizardStep.ChooseProducts:
                    return ProductsForm(choice, NameCounts(plan.Products)) ?? ActionResult.Message(true, "No products found for the selected entities.");
                case WizardStep.Preview when choice.Target != Target.Folders && choice.ProductNames.Count == 0:
                    return ActionResult.Message(true, "Nothing was selected to delete");
                case WizardStep.Preview when plan.IsEmpty:
                    return ActionResult.Message(true, "Nothing to archive or delete under the selection.");
                case WizardStep.Preview:
                    return ConfirmForm(choice, plan, 1);
                case WizardStep.Confirm when !choice.Confirmed:
                    Log.WrongWord(logger, launch.Event.Id, choice.Attempt);
                    return ConfirmForm(choice with { ConfirmValue = null }, plan, choice.Attempt + 1);
            }

            if (plan.IsEmpty)
            {
                Log.NothingLeft(logger, launch.Event.Id);
                return ActionResult.Message(true, "Nothing left to delete: the selection is already gone from AYON and ftrack.");
            }

            if (Refusal(choice, plan) is { } reason)
            {
                Log.Refused(logger, launch.Event.Id, plan.Products.Count);
                return ActionResult.Message(false, reason);
            }

            var what = choice.Target == Target.Folders ? "folders" : "products";
            await actions.RunWithJobAsync(launch.Event, $"Delete Folders/Products: {choice.Word} {what}", async ct =>
            {
                await ApplyAyonAsync(project.ProjectName, choice, plan, ct);
                await ApplyFtrackAsync(choice, plan, ct);
                await RecordAsync(launch.Event, project.ProjectName, choice, plan, ct);
                return true;
            }, cancellationToken);
            Log.Done(logger, launch.Event.Id, choice.Word, plan.Folders.Count, plan.Products.Count, plan.Ftrack.Count);
            return ActionResult.Message(true, choice.Target == Target.Folders
                ? choice.Delete ? "Delete folders finished." : "Archiving folders finished."
                : choice.Delete ? "Delete products finished." : "Archiving products finished.");
        }

        /// <summary>Reads both sides: what is still there to archive or delete for <paramref name="choice"/>.</summary>
        private async Task<Plan> PlanAsync(
            string projectName, IReadOnlyList<string> selection, IReadOnlyList<PlannedFtrackEntity> selected, Choice choice, bool allProductNames, CancellationToken cancellationToken)
        {
            // AYON folders are found by the selection's ftrack ids, so a run that stopped half-way can be finished.
            var folders = (await ayon.ListFoldersAsync(projectName, new FolderFilter(), cancellationToken))
                .Where(f => choice.Delete || choice.Target != Target.Folders || f.Active)
                .Select(f => new PlannedFolder(f.Id, f.Path ?? f.Name, f.FtrackId, f.ParentId))
                .ToList();
            var (selectedFolders, allFolders) = FoldersOf(folders, selection.ToHashSet(StringComparer.Ordinal));
            var productFolders = choice.Target == Target.ProductsSelection ? selectedFolders : allFolders;
            var products = productFolders.Count == 0 ? [] : (await ayon.ListProductsAsync(projectName, new ProductFilter(FolderIds: [.. productFolders.Select(f => f.Id)]), cancellationToken))
                .Where(p => choice.Target == Target.Folders || (choice.Delete ? true : p.Active))
                .Where(p => choice.Target == Target.Folders || allProductNames || choice.ProductNames.Contains(p.Name, StringComparer.Ordinal))
                .Select(p => new PlannedProduct(p.Id, p.Name, p.FolderId))
                .ToList();
            var ftrack = choice.Target == Target.Folders
                ? await DescendantsAsync(selected, cancellationToken)
                : await AssetsAsync(choice.Target == Target.ProductsSelection ? selected : await DescendantsAsync(selected, cancellationToken), choice.ProductNames, cancellationToken);
            return new Plan(selectedFolders, allFolders, products, ftrack);
        }

        /// <summary>The selected contexts and every TypedContext below them (Tasks included).</summary>
        private async Task<IReadOnlyList<PlannedFtrackEntity>> DescendantsAsync(IReadOnlyList<PlannedFtrackEntity> selected, CancellationToken cancellationToken)
        {
            var all = new Dictionary<string, PlannedFtrackEntity>(StringComparer.Ordinal);
            foreach (var entity in selected)
            {
                all.TryAdd(entity.Id, entity);
            }

            var parents = selected.Select(e => e.Id).ToList();
            while (parents.Count > 0)
            {
                var children = await session.QueryAsync(
                    FtrackQuery.From("TypedContext").Select("id", "parent_id").Where(FtrackFilter.In("parent_id", parents)),
                    e => new PlannedFtrackEntity(e.Id, e.EntityType, e.GetString("parent_id")),
                    cancellationToken);
                parents = [.. children.Where(c => all.TryAdd(c.Id, c) && c.EntityType != "Task").Select(c => c.Id)];
            }

            return [.. all.Values];
        }

        /// <summary>The ftrack Assets of the chosen names under <paramref name="contexts"/> (their versions go with them).</summary>
        private async Task<IReadOnlyList<PlannedFtrackEntity>> AssetsAsync(IReadOnlyList<PlannedFtrackEntity> contexts, IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            if (contexts.Count == 0 || names.Count == 0)
            {
                return [];
            }

            var assets = await session.QueryAsync(
                FtrackQuery.From("Asset").Select("id", "name", "context_id").Where(FtrackFilter.In("context_id", contexts.Select(c => c.Id))),
                e => (Entity: new PlannedFtrackEntity(e.Id, "Asset", e.GetString("context_id")), Name: e.GetString("name")),
                cancellationToken);
            return [.. assets.Where(a => a.Name is not null && names.Contains(a.Name, StringComparer.Ordinal)).Select(a => a.Entity)];
        }

        private async Task ApplyAyonAsync(string projectName, Choice choice, Plan plan, CancellationToken cancellationToken)
        {
            var inactive = new JsonObject { ["active"] = false };
            IEnumerable<OperationModel> operations = (choice.Target, choice.Delete) switch
            {
                (Target.Folders, false) => plan.SelectedFolders.Select(f => OperationModel.Update(AyonEntityTypes.Folder, f.Id, (JsonObject)inactive.DeepClone())),
                (Target.Folders, true) => plan.Products.Select(p => OperationModel.Delete(AyonEntityTypes.Product, p.Id))
                    .Concat(plan.Folders.Select(f => OperationModel.Delete(AyonEntityTypes.Folder, f.Id))),
                (_, false) => plan.Products.Select(p => OperationModel.Update(AyonEntityTypes.Product, p.Id, (JsonObject)inactive.DeepClone())),
                (_, true) => plan.Products.Select(p => OperationModel.Delete(AyonEntityTypes.Product, p.Id)),
            };

            // In order and in chunks: the products before their folders, children before parents.
            foreach (var chunk in operations.Chunk(Chunk))
            {
                (await ayon.PostOperationsAsync(projectName, new OperationsRequest { Operations = chunk }, cancellationToken)).EnsureSuccess(projectName);
            }
        }

        private async Task ApplyFtrackAsync(Choice choice, Plan plan, CancellationToken cancellationToken)
        {
            if (choice.Target != Target.Folders)
            {
                foreach (var asset in plan.Ftrack)
                {
                    session.Delete(FtrackEntityRef.Of("Asset", asset.Id));
                }

                await session.CommitAsync(cancellationToken);
                return;
            }

            foreach (var task in plan.Ftrack.Where(e => e.EntityType == "Task"))
            {
                session.Delete(FtrackEntityRef.Of(task.EntityType, task.Id));
            }

            await session.CommitAsync(cancellationToken);

            // One commit per folder-like entity, children before parents, as the original does.
            foreach (var context in BottomUp(plan.Ftrack.Where(e => e.EntityType != "Task").ToList(), e => e.Id, e => e.ParentId))
            {
                session.Delete(FtrackEntityRef.Of(context.EntityType, context.Id));
                await session.CommitAsync(cancellationToken);
            }
        }

        /// <summary>The audit event: what went on both sides, and who asked (ftrack user id; the username unless it is an e-mail address).</summary>
        private async Task RecordAsync(FtrackEvent e, string projectName, Choice choice, Plan plan, CancellationToken cancellationToken)
        {
            var userId = await actions.UserIdAsync(e, cancellationToken);
            var username = e.SourceUsername is { } name && !name.Contains('@', StringComparison.Ordinal) ? name : null;
            var who = username ?? userId ?? "an unknown ftrack user";
            var folders = choice.Target != Target.Folders ? [] : choice.Delete ? plan.Folders : plan.SelectedFolders;
            var description = $"Delete Folders/Products by {who}: {choice.Word} {folders.Count} folder(s) and {plan.Products.Count} product(s) in AYON, {plan.Ftrack.Count} ftrack entities deleted";
            await ayon.DispatchEventAsync(new DispatchEventRequest
            {
                Topic = AuditTopic,
                Sender = ayonOptions.Value.ServiceName,
                Hash = $"{AuditTopic}.{e.Id}",
                Project = projectName,
                Description = description,
                Summary = new JsonObject { ["action"] = choice.Word, ["folders"] = folders.Count, ["products"] = plan.Products.Count, ["ftrackEntities"] = plan.Ftrack.Count },
                Payload = new JsonObject
                {
                    ["ftrackEventId"] = e.Id,
                    ["user"] = new JsonObject { ["ftrackId"] = userId, ["username"] = username },
                    ["action"] = choice.Word,
                    ["target"] = choice.Target == Target.Folders ? "folders" : "products",
                    ["folders"] = new JsonArray([.. folders.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["path"] = f.Path, ["ftrackId"] = f.FtrackId })]),
                    ["products"] = new JsonArray([.. plan.Products.Select(p => (JsonNode)new JsonObject { ["id"] = p.Id, ["name"] = p.Name, ["folderId"] = p.FolderId })]),
                    ["ftrack"] = new JsonArray([.. plan.Ftrack.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["type"] = f.EntityType })]),
                },
                Finished = true,
                Store = true,
            }, cancellationToken);
        }

        private static partial class Log
        {
            [LoggerMessage(EventId = 8070, Level = LogLevel.Information, Message = "Delete Folders/Products ({FtrackEventId}): {Word} {Folders} AYON folders, {Products} products; {Ftrack} ftrack entities deleted")]
            public static partial void Done(ILogger logger, string ftrackEventId, string word, int folders, int products, int ftrack);

            [LoggerMessage(EventId = 8071, Level = LogLevel.Warning, Message = "Delete Folders/Products ({FtrackEventId}) refused: the folders hold {Products} published products and the form did not consent")]
            public static partial void Refused(ILogger logger, string ftrackEventId, int products);

            [LoggerMessage(EventId = 8072, Level = LogLevel.Information, Message = "Delete Folders/Products ({FtrackEventId}): nothing left to delete")]
            public static partial void NothingLeft(ILogger logger, string ftrackEventId);

            [LoggerMessage(EventId = 8073, Level = LogLevel.Information, Message = "Delete Folders/Products ({FtrackEventId}): wrong confirmation word (attempt {Attempt}); nothing changed")]
            public static partial void WrongWord(ILogger logger, string ftrackEventId, int attempt);
        }
    }
}
