using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Actions;

/// <summary>The forms of "Delete Folders/Products" (P-03), pure: the wizard's state travels in hidden values.</summary>
public static partial class DeleteEntities
{
    /// <summary>The first form: folders or products, archive or delete (the original's choices and defaults).</summary>
    public static ActionResult ChooseForm() => ActionResult.Form(
        [
            Label("This action will delete entities from ftrack and archive or delete them from AYON.<br/><br/>NOTE: Does not remove files on disk."),
            Label("---"),
            Enumerator("entity_type", "Entity type:", "folders", ("Folders", "folders"), ("Products (Selected folders only)", "products_selection"), ("Products (Selected + children folders)", "products_all")),
            Enumerator("action_type", "Action in AYON:", "archive", ("Archive", "archive"), ("Delete", "delete")),
            Label("---"),
            Label("- Option <b>'Archive in AYON'</b> only hides the selected entities in the AYON UI without deleting them."),
            Label("- Option <b>'Delete in AYON'</b> deletes the selected entities from AYON with all children.<br/><b>WARNING: There is no way back.</b>"),
        ],
        title: "Choose action",
        submitButtonLabel: "Confirm action");

    /// <summary>The product names under the chosen folders, all preselected; null when there are none.</summary>
    public static ActionResult? ProductsForm(Choice choice, IReadOnlyList<(string Name, int Count)> names)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return null;
        }

        return ActionResult.Form(
            [
                Label("## Products to delete ##"),
                Label("Uncheck product names you want to keep."),
                new JsonObject
                {
                    ["type"] = "enumerator",
                    ["multi_select"] = true,
                    ["name"] = "product_names",
                    ["data"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["label"] = $"{n.Name} ({n.Count})", ["value"] = n.Name })]),
                    ["value"] = new JsonArray([.. names.Select(n => (JsonNode)JsonValue.Create(n.Name))]),
                },
                .. Carried(choice, withProducts: false),
            ],
            title: "Choose product names to delete",
            submitButtonLabel: "Confirm action");
    }

    /// <summary>
    /// The confirmation form: what will go (folders with their paths, tasks, products, ftrack entities), the explicit
    /// consent for folders holding published products, and the word to type. From the fourth attempt it insists.
    /// </summary>
    public static ActionResult ConfirmForm(Choice choice, Plan plan, int attempt)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(plan);
        var items = new List<JsonObject> { Label($"# Please enter '{choice.Word}' to confirm #") };
        if (attempt > 3)
        {
            items.Add(Label($"Read the instructions carefully please. You've failed {attempt - 1} times to enter '{choice.Word}'."));
        }

        items.Add(Label("---"));
        items.AddRange(WhatGoes(choice, plan).Select(Label));
        if (choice.Target == Target.Folders && choice.Delete && plan.Products.Count > 0)
        {
            items.Add(Label($"<b>{plan.Products.Count} published product(s) live in these folders.</b> Deleting the folders deletes them with all their versions."));
            items.Add(new JsonObject { ["type"] = "boolean", ["name"] = "delete_published", ["label"] = "Also delete the published products", ["value"] = choice.DeletePublished });
        }

        items.Add(new JsonObject { ["type"] = "text", ["name"] = "delete_confirm_value", ["value"] = "", ["empty_text"] = $"Type {choice.Word} here..." });
        items.Add(new JsonObject { ["type"] = "hidden", ["name"] = "delete_attempt_count", ["value"] = attempt });
        items.AddRange(Carried(choice, withProducts: true));
        return ActionResult.Form(items, $"Confirm {choice.Word} action", choice.Delete ? "Delete" : "Archive");
    }

    /// <summary>The lines that say what the plan archives or deletes.</summary>
    public static IReadOnlyList<string> WhatGoes(Choice choice, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(plan);
        var verb = choice.Delete ? "deleted" : "archived";
        var contexts = plan.Ftrack.Count(e => e.EntityType != "Task" && e.EntityType != "Asset");
        var tasks = plan.Ftrack.Count(e => e.EntityType == "Task");
        var assets = plan.Ftrack.Count(e => e.EntityType == "Asset");
        if (choice.Target == Target.Folders)
        {
            var folders = choice.Delete ? plan.Folders : plan.SelectedFolders;
            return
            [
                $"In AYON, {folders.Count} folder(s) are {verb}{(choice.Delete ? " with their tasks" : "")}: {Paths(folders)}",
                $"In ftrack, {contexts} folder-like entities and {tasks} task(s) are deleted. <b>This cannot be undone.</b>",
            ];
        }

        return
        [
            $"In AYON, {plan.Products.Count} product(s) named {string.Join(", ", choice.ProductNames)} are {verb}.",
            $"In ftrack, {assets} asset(s) of those names are deleted with their versions. <b>This cannot be undone.</b>",
        ];
    }

    private static string Paths(IReadOnlyList<PlannedFolder> folders) =>
        string.Join(", ", folders.Select(f => f.Path).Order(StringComparer.Ordinal).Take(20)) + (folders.Count > 20 ? $" and {folders.Count - 20} more" : "");

    private static IEnumerable<JsonObject> Carried(Choice choice, bool withProducts)
    {
        yield return Hidden("entity_type", choice.Target switch { Target.ProductsSelection => "products_selection", Target.ProductsAll => "products_all", _ => "folders" });
        yield return Hidden("action_type", choice.Delete ? "delete" : "archive");
        if (withProducts && choice.Target != Target.Folders)
        {
            yield return Hidden("product_names", new JsonArray([.. choice.ProductNames.Select(n => (JsonNode)JsonValue.Create(n))]).ToJsonString());
        }
    }

    private static JsonObject Label(string text) => new() { ["type"] = "label", ["value"] = text };

    private static JsonObject Hidden(string name, string value) => new() { ["type"] = "hidden", ["name"] = name, ["value"] = value };

    private static JsonObject Enumerator(string name, string label, string value, params (string Label, string Value)[] data) => new()
    {
        ["type"] = "enumerator",
        ["name"] = name,
        ["label"] = label,
        ["value"] = value,
        ["data"] = new JsonArray([.. data.Select(d => (JsonNode)new JsonObject { ["label"] = d.Label, ["value"] = d.Value })]),
    };
}
