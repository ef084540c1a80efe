using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AyonFtrack.Features.Actions;

/// <summary>The pure rules of "Delete Folders/Products" (P-03): where the wizard is, what goes, what the policy refuses.</summary>
public static partial class DeleteEntities
{
    /// <summary>The wizard's steps, told apart by the submitted values (the state travels in hidden values).</summary>
    public enum WizardStep
    {
        /// <summary>The click: choose folders or products, archive or delete.</summary>
        Choose,

        /// <summary>Products were chosen: pick the product names.</summary>
        ChooseProducts,

        /// <summary>See what will go and type the confirmation word.</summary>
        Preview,

        /// <summary>The confirmation word was submitted.</summary>
        Confirm,
    }

    /// <summary>What the user works on: the folders, or products of the selected folders (only, or with their children).</summary>
    public enum Target
    {
        Folders,
        ProductsSelection,
        ProductsAll,
    }

    /// <summary>The user's choices so far.</summary>
    /// <param name="Target">Folders or products.</param>
    /// <param name="Delete">True to delete in AYON, false to archive (<c>active=false</c>); ftrack entities are deleted either way, as in the original.</param>
    /// <param name="ProductNames">The product names chosen (products only).</param>
    /// <param name="DeletePublished">The explicit consent to delete folders that hold published products.</param>
    /// <param name="Attempt">How many confirmation forms were shown (1 for the first).</param>
    /// <param name="ConfirmValue">The typed confirmation word; null before the confirmation form was submitted.</param>
    public sealed record Choice(Target Target, bool Delete, IReadOnlyList<string> ProductNames, bool DeletePublished, int Attempt, string? ConfirmValue)
    {
        /// <summary>The word to type: <c>delete</c> or <c>archive</c>.</summary>
        public string Word => Delete ? "delete" : "archive";

        /// <summary>True when the typed word is <see cref="Word"/> (case and surrounding spaces ignored).</summary>
        public bool Confirmed => string.Equals(ConfirmValue?.Trim(), Word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An AYON folder of the plan: its id, path and ftrack id.</summary>
    public sealed record PlannedFolder(string Id, string Path, string? FtrackId, string? ParentId);

    /// <summary>An AYON product of the plan.</summary>
    public sealed record PlannedProduct(string Id, string Name, string FolderId);

    /// <summary>An ftrack entity of the plan (a TypedContext or an Asset).</summary>
    public sealed record PlannedFtrackEntity(string Id, string EntityType, string? ParentId);

    /// <summary>
    /// What will go: the selected AYON folders, every folder below them (deleted bottom-up), the products concerned, and
    /// the ftrack entities (tasks first, then contexts bottom-up; or the Assets of the chosen product names).
    /// </summary>
    public sealed record Plan(
        IReadOnlyList<PlannedFolder> SelectedFolders,
        IReadOnlyList<PlannedFolder> Folders,
        IReadOnlyList<PlannedProduct> Products,
        IReadOnlyList<PlannedFtrackEntity> Ftrack)
    {
        /// <summary>True when nothing is left to archive or delete on either side (e.g. the launch is a replay).</summary>
        public bool IsEmpty => Folders.Count == 0 && Products.Count == 0 && Ftrack.Count == 0;
    }

    /// <summary>The step the submitted <paramref name="values"/> ask for.</summary>
    public static WizardStep StepOf(JsonObject? values)
    {
        if (values is null || values.Count == 0 || !values.ContainsKey("entity_type"))
        {
            return WizardStep.Choose;
        }

        if (values.ContainsKey("delete_confirm_value"))
        {
            return WizardStep.Confirm;
        }

        return TargetOf(values) != Target.Folders && !values.ContainsKey("product_names") ? WizardStep.ChooseProducts : WizardStep.Preview;
    }

    /// <summary>Reads the user's choices from the submitted values (missing values: folders, archive, nothing chosen).</summary>
    public static Choice ChoiceOf(JsonObject? values) => new(
        TargetOf(values),
        Text(values?["action_type"]) == "delete",
        Names(values?["product_names"]),
        Flag(values?["delete_published"]),
        Number(values?["delete_attempt_count"]),
        values?.ContainsKey("delete_confirm_value") == true ? Text(values["delete_confirm_value"]) ?? "" : null);

    /// <summary>
    /// The delete policy: folders holding published products are deleted only with the form's explicit consent
    /// (<c>delete_published</c>). Archiving (reversible) and deleting products the user picked by name are not refused.
    /// Returns the reason for the user, or null when the plan may run.
    /// </summary>
    public static string? Refusal(Choice choice, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(plan);
        if (choice.Target != Target.Folders || !choice.Delete || choice.DeletePublished || plan.Products.Count == 0)
        {
            return null;
        }

        var holding = plan.Products.Select(p => p.FolderId).Distinct(StringComparer.Ordinal).Count();
        var paths = plan.Folders.Where(f => plan.Products.Any(p => p.FolderId == f.Id)).Select(f => f.Path).Order(StringComparer.Ordinal).Take(10);
        return $"Nothing was deleted: {holding} of the folders hold {plan.Products.Count} published product(s) ({string.Join(", ", paths)}). "
            + "Tick \"Also delete the published products\" in the confirmation form to delete them too, or archive instead.";
    }

    /// <summary>
    /// The AYON folders concerned: those whose <c>ftrackId</c> is selected, and every folder below them, children before
    /// parents (the order AYON accepts deletes in).
    /// </summary>
    public static (IReadOnlyList<PlannedFolder> Selected, IReadOnlyList<PlannedFolder> All) FoldersOf(IReadOnlyList<PlannedFolder> projectFolders, IReadOnlyCollection<string> selectedFtrackIds)
    {
        ArgumentNullException.ThrowIfNull(projectFolders);
        ArgumentNullException.ThrowIfNull(selectedFtrackIds);
        var selected = projectFolders.Where(f => f.FtrackId is { } id && selectedFtrackIds.Contains(id)).ToList();
        var byParent = projectFolders.Where(f => f.ParentId is not null).ToLookup(f => f.ParentId!, StringComparer.Ordinal);
        var all = new Dictionary<string, PlannedFolder>(StringComparer.Ordinal);
        var queue = new Queue<PlannedFolder>(selected);
        while (queue.TryDequeue(out var folder))
        {
            if (all.TryAdd(folder.Id, folder))
            {
                foreach (var child in byParent[folder.Id])
                {
                    queue.Enqueue(child);
                }
            }
        }

        var ordered = BottomUp(all.Values.ToList(), f => f.Id, f => f.ParentId);
        return (selected, ordered);
    }

    /// <summary>Orders <paramref name="items"/> so that every item comes before its parent (deepest first; ties keep their order).</summary>
    public static IReadOnlyList<T> BottomUp<T>(IReadOnlyList<T> items, Func<T, string> id, Func<T, string?> parentId)
    {
        ArgumentNullException.ThrowIfNull(items);
        var parents = items.ToDictionary(id, parentId, StringComparer.Ordinal);
        int Depth(string key)
        {
            var depth = 0;
            for (var current = parents[key]; current is not null && parents.TryGetValue(current, out var next) && depth <= parents.Count; current = next)
            {
                depth++;
            }

            return depth;
        }

        return [.. items.Select((item, index) => (item, index, depth: Depth(id(item)))).OrderByDescending(x => x.depth).ThenBy(x => x.index).Select(x => x.item)];
    }

    /// <summary>The product names with how many products carry each, sorted by name.</summary>
    public static IReadOnlyList<(string Name, int Count)> NameCounts(IEnumerable<PlannedProduct> products) =>
        [.. products.GroupBy(p => p.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()))];

    private static Target TargetOf(JsonObject? values) => Text(values?["entity_type"]) switch
    {
        "products_selection" => Target.ProductsSelection,
        "products_all" => Target.ProductsAll,
        _ => Target.Folders,
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool Flag(JsonNode? node) => node is JsonValue v && (v.GetValueKind() == JsonValueKind.True
        || (v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b) && b));

    private static int Number(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.Number when double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (int)d,
            JsonValueKind.String when int.TryParse(v.GetValue<string>(), out var n) => n,
            _ => 0,
        }
        : 0;

    /// <summary>Product names as the form submits them: a list, or a JSON string of a list (carried in a hidden value).</summary>
    private static IReadOnlyList<string> Names(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                node = JsonNode.Parse(v.GetValue<string>());
            }
            catch (JsonException)
            {
                return [v.GetValue<string>()];
            }
        }

        return node is JsonArray list
            ? [.. list.OfType<JsonValue>().Where(n => n.GetValueKind() == JsonValueKind.String).Select(n => n.GetValue<string>()).Distinct(StringComparer.Ordinal)]
            : [];
    }
}
