using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Sync.Actions;
using AyonFtrack.Features.Sync.Loaders;
using AyonFtrack.Features.Tests.Ftrack.Actions;

namespace AyonFtrack.Features.Tests.Sync.Actions;

public sealed class PrepareProjectTests
{
    private static JsonObject Form(ActionResult result) => ActionReplies.Normalise(PrepareProject.Action, result)!;

    private static List<string?> Names(JsonObject form) => [.. form["items"]!.AsArray().Select(i => i!["name"]?.GetValue<string>()).Where(n => n is not null)];

    [Fact]
    public void Action_IsTheOriginalsIdentifierLabelAndSettingsKey() =>
        PrepareProject.Action.ShouldSatisfyAllConditions(
            a => a.Identifier.ShouldBe("ayon.prepare.project.server"),
            a => a.FullLabel.ShouldBe("AYON Admin - Prepare Project for AYON"),
            a => a.SettingsKey.ShouldBe("prepare_project"));

    [Fact]
    public void DiscoverAndLaunch_SingleProjectOnly_ReturnCommands()
    {
        PrepareProject.Descriptor.Offers(ActionEventsData.Discover(("p1", "show"))).ShouldBeTrue();
        PrepareProject.Descriptor.Offers(ActionEventsData.Discover(("t1", "task"))).ShouldBeFalse();
        var launch = PrepareProject.Descriptor.LaunchOf(ActionEventsData.Launch("ayon.prepare.project.server", new JsonObject { ["in_attribute_set"] = false }, ("p1", "show")), PrepareProject.Launch).ShouldNotBeNull();
        launch.ProjectId.ShouldBe("p1");
        launch.Values.ShouldNotBeNull()["in_attribute_set"]!.GetValue<bool>().ShouldBeFalse();
        PrepareProject.Descriptor.LaunchOf(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p1", "show")), PrepareProject.Launch).ShouldBeNull();
    }

    [Fact]
    public void DecideName_ValidNameAndCode_GoesOn() =>
        PrepareProject.DecideName("demo_show", "ds", null).ShouldBe(new PrepareProject.NameStep(null, null, null));

    [Fact]
    public void DecideName_InvalidNameOnClick_ShowsTheRenameFormWithTheSlugAndSkipPreselected()
    {
        var step = PrepareProject.DecideName("Demo Show", "ds", null);

        var form = Form(step.Reply.ShouldNotBeNull());
        form["title"]!.GetValue<string>().ShouldBe("Invalid project name");
        Names(form).ShouldBe(["invalid_name_action", "new_project_name"]);
        var items = form["items"]!.AsArray();
        items.Single(i => i!["name"]?.GetValue<string>() == "new_project_name")!["value"]!.GetValue<string>().ShouldBe("Demo_Show");
        items.Single(i => i!["name"]?.GetValue<string>() == "invalid_name_action")!["value"]!.GetValue<string>().ShouldBe("skip_prep");
    }

    [Fact]
    public void DecideName_SkipChosen_FailsWithNotPrepared()
    {
        var step = PrepareProject.DecideName("Demo Show", "ds", new JsonObject { ["invalid_name_action"] = "skip_prep", ["new_project_name"] = "Demo_Show" });

        ((ActionResult.Text)step.Reply!).ShouldSatisfyAllConditions(t => t.Success.ShouldBeFalse(), t => t.Content.ShouldContain("not</b> prepared"));
    }

    [Fact]
    public void DecideName_RenameWithValidValues_ReturnsTheNewNames() =>
        PrepareProject.DecideName("Demo Show", "d-s", new JsonObject { ["invalid_name_action"] = "rename", ["new_project_name"] = "demo_show", ["new_project_code"] = "ds" })
            .ShouldBe(new PrepareProject.NameStep(null, "demo_show", "ds"));

    [Fact]
    public void DecideName_RenameWithInvalidValue_ShowsTheFormAgainMarkedInvalid()
    {
        var step = PrepareProject.DecideName("Demo Show", "ds", new JsonObject { ["invalid_name_action"] = "rename", ["new_project_name"] = "still bad" });

        var form = Form(step.Reply.ShouldNotBeNull());
        form["items"]!.AsArray().ShouldContain(i => i!["value"]!.ToString() == "New project name (invalid)");
        form["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "invalid_name_action")!["value"]!.GetValue<string>().ShouldBe("rename");
    }

    [Fact]
    public void DecideExisting_SameNameOrCode_SaysItExists_OtherwiseNull()
    {
        ProjectListItem[] projects = [new() { Name = "other", Code = "ds" }];

        ((ActionResult.Text)PrepareProject.DecideExisting("demo_show", "ds", projects)!).Content.ShouldBe("Project code 'ds' already exists in AYON.");
        ((ActionResult.Text)PrepareProject.DecideExisting("other", "zz", projects)!).Content.ShouldBe("Project name 'other' already exists in AYON.");
        PrepareProject.DecideExisting("demo_show", "zz", projects).ShouldBeNull();
    }

    [Fact]
    public void PresetForm_PresetsAndAutoSync_PreselectsThePrimaryAndShowsTheSwitch()
    {
        var form = Form(PrepareProject.PresetForm([new AnatomyPresetItem { Name = "studio", Primary = true }, new AnatomyPresetItem { Name = "other" }], autoSync: true));

        form["title"]!.GetValue<string>().ShouldBe("Choose AYON Anatomy Preset");
        form["submit_button_label"]!.GetValue<string>().ShouldBe("Continue");
        var items = form["items"]!.AsArray();
        var preset = items.Single(i => i!["name"]?.GetValue<string>() == "anatomy_preset")!;
        preset["value"]!.GetValue<string>().ShouldBe("studio");
        preset["data"]!.AsArray().Select(d => d!["value"]!.GetValue<string>()).ShouldBe(["__default__", "studio", "other"]);
        var autoSync = items.Single(i => i!["name"]?.GetValue<string>() == "auto_sync_project")!;
        autoSync["type"]!.GetValue<string>().ShouldBe("boolean");
        autoSync["value"]!.GetValue<bool>().ShouldBeTrue();
        items.Single(i => i!["name"]?.GetValue<string>() == "in_attribute_set")!["value"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public void PresetForm_NoAutoSyncAttribute_HidesTheSwitchAsOff()
    {
        var items = Form(PrepareProject.PresetForm([], autoSync: null))["items"]!.AsArray();

        var autoSync = items.Single(i => i!["name"]?.GetValue<string>() == "auto_sync_project")!;
        autoSync["type"]!.GetValue<string>().ShouldBe("hidden");
        autoSync["value"]!.GetValue<bool>().ShouldBeFalse();
        items.Single(i => i!["name"]?.GetValue<string>() == "anatomy_preset")!["value"]!.GetValue<string>().ShouldBe("__default__");
    }

    [Fact]
    public void AttributeForm_ProjectAttributes_TypedItemsPrefilledFromThePresetListsAsCheckboxesHiddenOnesLeftOut()
    {
        var enumData = new Dictionary<string, JsonElement>
        {
            ["enum"] = JsonSerializer.SerializeToElement(new[] { new { label = "Nuke", value = "nuke" }, new { label = "Maya", value = "maya" } }),
        };
        AttributeModel[] attributes =
        [
            new("fps", 0, true, ["project", "folder"], new AttributeData { Type = "float", Title = "FPS", Default = 25.0 }),
            new("resolutionWidth", 1, true, ["project"], new AttributeData { Type = "integer", Default = 1920 }),
            new("ftrackId", 2, false, ["project"], new AttributeData { Type = "string" }),
            new("tools", 3, true, ["project"], new AttributeData { Type = "list_of_strings", Title = "Tools", Extra = enumData }),
            new("ids", 4, true, ["project"], new AttributeData { Type = "list_of_integers" }),
            new("weird", 5, true, ["project"], new AttributeData { Type = "dict" }),
            new("folderOnly", 6, true, ["folder"], new AttributeData { Type = "string" }),
        ];
        var values = new JsonObject { ["in_attribute_set"] = false, ["anatomy_preset"] = "__default__", ["auto_sync_project"] = true };
        var ids = new Queue<string>(["id1", "id2"]);

        var form = Form(PrepareProject.AttributeForm(values, new JsonObject { ["fps"] = 24.0, ["tools"] = new JsonArray("maya") }, attributes, ids.Dequeue));

        form["title"]!.GetValue<string>().ShouldBe("Default project attributes");
        Names(form).ShouldBe(["in_attribute_set", "anatomy_preset", "auto_sync_project", "attr_fps", "attr_resolutionWidth", "id1", "id2", "attr_list_tools"]);
        var items = form["items"]!.AsArray();
        JsonObject Item(string name) => items.Single(i => i!["name"]?.GetValue<string>() == name)!.AsObject();
        Item("in_attribute_set")["value"]!.GetValue<bool>().ShouldBeTrue();
        Item("attr_fps")["type"]!.GetValue<string>().ShouldBe("number");
        Item("attr_fps")["value"]!.GetValue<double>().ShouldBe(24.0);
        Item("attr_resolutionWidth")["value"]!.GetValue<int>().ShouldBe(1920);
        Item("id1")["value"]!.GetValue<bool>().ShouldBeFalse();
        Item("id2")["value"]!.GetValue<bool>().ShouldBeTrue();
        JsonNode.Parse(Item("attr_list_tools")["value"]!.GetValue<string>())!.ToJsonString().ShouldBe("""{"id1":"nuke","id2":"maya"}""");
        items.ShouldContain(i => i!["value"]!.ToString() == "weird: dict");
    }

    [Fact]
    public void CollectAttributes_SubmittedValues_PlainAndCheckedListValues()
    {
        var values = new JsonObject
        {
            ["in_attribute_set"] = true,
            ["attr_fps"] = 24.0,
            ["attr_list_tools"] = """{"id1":"nuke","id2":"maya"}""",
            ["id1"] = true,
            ["id2"] = false,
        };

        PrepareProject.CollectAttributes(values).ToJsonString().ShouldBe("""{"fps":24,"tools":["nuke"]}""");
    }

    [Fact]
    public void UsersToClean_PrivateProject_KeepsArtistsWithAProjectRoleAndCleansTheOthers()
    {
        PrepareProject.AyonUserRoles[] ayon =
        [
            new("anna", "anna@studio.test", false, false, false),
            new("bob", "bob@studio.test", false, false, false),
            new("admin", null, true, false, false),
            new("pm", null, false, true, false),
            new("svc", null, false, false, true),
        ];
        FtrackUserInfo[] withRole = [new("ft-anna", "anna.k", "anna@studio.test")];

        // The original's inverted filter cleaned anna too, although she has a role on the project.
        PrepareProject.UsersToClean(true, ayon, withRole).ShouldBe(["bob"]);
        PrepareProject.UsersToClean(true, ayon, []).ShouldBe(["anna", "bob"]);
        PrepareProject.UsersToClean(false, ayon, []).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    public void LaunchSync_AutoSyncChoice_LaunchesUnlessThisActionTurnedAutoSyncOn(bool chosen, bool wasOn, bool expected) =>
        PrepareProject.LaunchSync(chosen, wasOn).ShouldBe(expected);

    [Fact]
    public void AttributesFailedReport_Error_NamesTheFailureEscapedAndHowToFixThePermissions()
    {
        var error = new MandatoryAttributeException("ayon_id", "ftrack refused to create the mandatory custom attribute 'ayon_id': ServerError: <boom>");

        var items = PrepareProject.AttributesFailedReport(error);

        items.ShouldAllBe(i => i["type"]!.GetValue<string>() == "label");
        items[0]["value"]!.GetValue<string>().ShouldBe("## Failed to create AYON mandatory custom attributes");
        items[1]["value"]!.GetValue<string>().ShouldBe("ftrack refused to create the mandatory custom attribute &#39;ayon_id&#39;: ServerError: &lt;boom&gt;");
        items[2]["value"]!.GetValue<string>().ShouldContain("Manage settings");
    }
}
