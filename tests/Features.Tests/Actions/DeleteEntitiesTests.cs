using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Tests.Ftrack.Actions;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Actions.DeleteEntities;

namespace AyonFtrack.Features.Tests.Actions;

public sealed class DeleteEntitiesTests
{
    private static readonly PlannedFolder Seq = new("a-seq", "/sq01", "f-seq", null);
    private static readonly PlannedFolder Shot1 = new("a-sh1", "/sq01/sh010", "f-sh1", "a-seq");
    private static readonly PlannedFolder Shot2 = new("a-sh2", "/sq01/sh_020", "f-sh2", "a-seq");
    private static readonly PlannedFolder Other = new("a-oth", "/Assets", "f-oth", null);

    private static JsonElement Settings(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void StepOf_TheWizardsValues_TellTheStep()
    {
        StepOf(null).ShouldBe(WizardStep.Choose);
        StepOf(new JsonObject()).ShouldBe(WizardStep.Choose);
        StepOf(new JsonObject { ["entity_type"] = "folders", ["action_type"] = "delete" }).ShouldBe(WizardStep.Preview);
        StepOf(new JsonObject { ["entity_type"] = "products_all", ["action_type"] = "delete" }).ShouldBe(WizardStep.ChooseProducts);
        StepOf(new JsonObject { ["entity_type"] = "products_all", ["product_names"] = new JsonArray("renderMain") }).ShouldBe(WizardStep.Preview);
        StepOf(new JsonObject { ["entity_type"] = "folders", ["delete_confirm_value"] = "" }).ShouldBe(WizardStep.Confirm);
    }

    [Fact]
    public void ChoiceOf_SubmittedValues_ReadsTheWordConsentAttemptAndNames()
    {
        var choice = ChoiceOf(new JsonObject
        {
            ["entity_type"] = "products_selection",
            ["action_type"] = "delete",
            ["product_names"] = "[\"renderMain\",\"plateRef\"]",
            ["delete_attempt_count"] = 2,
            ["delete_published"] = true,
            ["delete_confirm_value"] = " Delete ",
        });

        choice.Target.ShouldBe(Target.ProductsSelection);
        choice.Delete.ShouldBeTrue();
        choice.ProductNames.ShouldBe(["renderMain", "plateRef"]);
        choice.Attempt.ShouldBe(2);
        choice.DeletePublished.ShouldBeTrue();
        choice.Confirmed.ShouldBeTrue();
        ChoiceOf(new JsonObject { ["action_type"] = "archive", ["delete_confirm_value"] = "delete" }).Confirmed.ShouldBeFalse();
        ChoiceOf(new JsonObject { ["action_type"] = "delete", ["delete_confirm_value"] = "delte" }).Confirmed.ShouldBeFalse();
    }

    [Fact]
    public void FoldersOf_SelectedByFtrackId_AddsEveryFolderBelowChildrenFirst()
    {
        var (selected, all) = FoldersOf([Seq, Shot1, Shot2, Other], new HashSet<string> { "f-seq" });

        selected.ShouldBe([Seq]);
        all.Select(f => f.Id).ShouldBe(["a-sh1", "a-sh2", "a-seq"]);
        FoldersOf([Seq, Shot1], new HashSet<string> { "gone" }).All.ShouldBeEmpty();
    }

    [Fact]
    public void Refusal_FoldersHoldingProducts_RefusedForDeleteUnlessConsentedNeverForArchive()
    {
        var plan = new Plan([Shot1], [Shot1], [new PlannedProduct("p1", "renderMain", "a-sh1")], []);
        var delete = new Choice(Target.Folders, true, [], false, 1, "delete");

        Refusal(delete, plan).ShouldNotBeNull().ShouldContain("hold 1 published product(s) (/sq01/sh010)");
        Refusal(delete with { DeletePublished = true }, plan).ShouldBeNull();
        Refusal(delete with { Delete = false }, plan).ShouldBeNull();
        Refusal(delete, plan with { Products = [] }).ShouldBeNull();
        Refusal(delete with { Target = Target.ProductsAll }, plan).ShouldBeNull();
    }

    [Fact]
    public void Offers_FolderLikeSelection_OnlyTaskTypedItemsWithTheManagersAsDefaultRoles()
    {
        Descriptor.Offers(ActionEventsData.Discover(("s1", "task"))).ShouldBeTrue();
        Descriptor.Offers(ActionEventsData.Discover(("p1", "show"))).ShouldBeFalse();
        Descriptor.Check.ShouldNotBeNull();

        // §7: an empty role_list (the original's default; a studio may still empty it) no longer lets everyone delete,
        // and the settings' default lists the same roles.
        FtrackSettings.Defaults.ServiceEventHandlers.DeleteAyonEntities.RoleList.ShouldBe(DeleteEntities.Action.DefaultRoles.ShouldNotBeNull());
        var empty = Settings("""{"service_event_handlers":{"delete_ayon_entities":{"enabled":true,"role_list":[]}}}""");
        ActionRoles.Decide(DeleteEntities.Action, empty, ["Artist"]).ShouldBe(RoleDecision.MissingRole);
        ActionRoles.Decide(DeleteEntities.Action, empty, ["project manager"]).ShouldBe(RoleDecision.Allowed);
        ActionRoles.Decide(DeleteEntities.Action, Settings("{}"), ["Administrator"]).ShouldBe(RoleDecision.Allowed);
        ActionRoles.Decide(DeleteEntities.Action, Settings("""{"service_event_handlers":{"delete_ayon_entities":{"role_list":["Supervisor"]}}}"""), ["Supervisor"]).ShouldBe(RoleDecision.Allowed);
    }

    [Fact]
    public void ConfirmForm_FoldersWithProducts_ShowsWhatGoesTheConsentAndTheWordFromTheFourthAttemptInsists()
    {
        var plan = new Plan([Seq], [Shot1, Shot2, Seq], [new PlannedProduct("p1", "renderMain", "a-sh1")], [new PlannedFtrackEntity("t1", "Task", "f-sh1"), new PlannedFtrackEntity("f-seq", "Sequence", null)]);
        var form = (ActionResult.FormResult)ConfirmForm(new Choice(Target.Folders, true, [], false, 4, null), plan, 4);

        form.Title.ShouldBe("Confirm delete action");
        form.SubmitButtonLabel.ShouldBe("Delete");
        var labels = form.Items.Where(i => (string?)i["type"] == "label").Select(i => (string)i["value"]!).ToList();
        labels.ShouldContain(l => l.Contains("3 folder(s) are deleted with their tasks: /sq01, /sq01/sh010, /sq01/sh_020", StringComparison.Ordinal));
        labels.ShouldContain(l => l.Contains("You've failed 3 times", StringComparison.Ordinal));
        form.Items.ShouldContain(i => (string?)i["name"] == "delete_published" && (string?)i["type"] == "boolean");
        form.Items.Single(i => (string?)i["name"] == "action_type")["value"]!.GetValue<string>().ShouldBe("delete");
    }

    [Fact]
    public void BottomUp_AChain_ChildrenBeforeParents()
    {
        (string Id, string? Parent)[] items = [("a", null), ("c", "b"), ("b", "a"), ("x", "outside")];

        BottomUp(items, i => i.Id, i => i.Parent).Select(i => i.Id).ShouldBe(["c", "b", "a", "x"]);
    }
}
