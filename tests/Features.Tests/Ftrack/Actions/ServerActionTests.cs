using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.Actions;

namespace AyonFtrack.Features.Tests.Ftrack.Actions;

public sealed class ServerActionTests
{
    private static readonly ServerAction Sync = new("sync.from.ftrack.to.ayon", "AYON Admin", "Sync to AYON", "Synchronize project", "https://ayon/icons/AYONAdmin.svg", "sync_from_ftrack");

    private static JsonElement Settings(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void DiscoverReply_ActionWithoutVariant_IsByteForByteTheOriginalsReply()
    {
        // ftrack_action_handler._discover: {"items": [{label, variant, description, actionIdentifier, icon}]}, None as null.
        new ServerAction("delete.ayon.entities", "Delete Folders/Products", Description: "Remove entities", Icon: "https://ayon/DeleteAsset.svg").DiscoverReply().ToJsonString()
            .ShouldBe("""{"items":[{"label":"Delete Folders/Products","variant":null,"description":"Remove entities","actionIdentifier":"delete.ayon.entities","icon":"https://ayon/DeleteAsset.svg"}]}""");
    }

    [Fact]
    public void DiscoverReply_FullAction_HasTheItemKeysFtrackReads()
    {
        var item = Sync.DiscoverReply()["items"]!.AsArray().Single()!.AsObject();

        item.Select(p => p.Key).ShouldBe(["label", "variant", "description", "actionIdentifier", "icon"]);
        item["actionIdentifier"]!.GetValue<string>().ShouldBe("sync.from.ftrack.to.ayon");
        Sync.FullLabel.ShouldBe("AYON Admin Sync to AYON");
    }

    [Fact]
    public void IsLaunch_OtherIdentifierOrTopic_ReturnsFalse()
    {
        Sync.IsLaunch(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p", "show"))).ShouldBeTrue();
        Sync.IsLaunch(ActionEventsData.Launch("other", null, ("p", "show"))).ShouldBeFalse();
        Sync.IsLaunch(ActionEventsData.Discover(("p", "show"))).ShouldBeFalse();
    }

    [Fact]
    public void IsLaunch_TargetedEvent_ReturnsFalse()
    {
        var targeted = Features.Common.FtrackEvent.FromHub(System.Text.Json.JsonSerializer.SerializeToElement(new JsonObject
        {
            ["id"] = "e", ["topic"] = "ftrack.action.launch", ["target"] = "applicationId=ftrack.client.web",
            ["data"] = new JsonObject { ["actionIdentifier"] = "sync.from.ftrack.to.ayon", ["selection"] = ActionEventsData.Selection(("p", "show")) },
        }));

        Sync.IsLaunch(targeted).ShouldBeFalse();
    }

    [Fact]
    public void IsDiscover_EmptySelection_ReturnsFalse()
    {
        ServerAction.IsDiscover(ActionEventsData.Discover()).ShouldBeFalse();
        ServerAction.IsDiscover(ActionEventsData.Discover(("p", "show"))).ShouldBeTrue();
    }

    [Fact]
    public void Values_SubmittedForm_ReturnsThemAndNullOnAClick()
    {
        ActionEvents.Values(ActionEventsData.Launch("x", new JsonObject { ["note"] = "hi" }, ("p", "show")))!["note"]!.GetValue<string>().ShouldBe("hi");
        ActionEvents.Values(ActionEventsData.Launch("x", null, ("p", "show"))).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"service_event_handlers":{"sync_from_ftrack":{"enabled":true,"role_list":["Administrator","Project manager"]}}}""", "project manager", RoleDecision.Allowed)]
    [InlineData("""{"service_event_handlers":{"sync_from_ftrack":{"enabled":true,"role_list":["Administrator"]}}}""", "User", RoleDecision.MissingRole)]
    [InlineData("""{"service_event_handlers":{"sync_from_ftrack":{"enabled":true,"role_list":[]}}}""", "User", RoleDecision.Allowed)]
    [InlineData("""{"service_event_handlers":{"sync_from_ftrack":{"enabled":false,"role_list":[]}}}""", "Administrator", RoleDecision.Disabled)]
    [InlineData("""{"service_event_handlers":{}}""", "User", RoleDecision.Allowed)]
    public void Decide_SettingsAndRole_GivesTheDecision(string settings, string role, RoleDecision expected) =>
        ActionRoles.Decide(Sync, Settings(settings), [role]).ShouldBe(expected);

    [Fact]
    public void Decide_OwnEnabledKey_ReadsThatKey()
    {
        var action = new ServerAction("a", "A", SettingsKey: "sync_hier_entity_attributes", EnabledKey: "action_enabled");
        var settings = Settings("""{"service_event_handlers":{"sync_hier_entity_attributes":{"enabled":true,"action_enabled":false}}}""");

        ActionRoles.Decide(action, settings, ["Administrator"]).ShouldBe(RoleDecision.Disabled);
    }

    [Fact]
    public void Decide_NoSettingsKey_AlwaysAllowed() =>
        ActionRoles.Decide(new ServerAction("a", "A"), Settings("""{"service_event_handlers":{"a":{"enabled":false}}}"""), []).ShouldBe(RoleDecision.Allowed);

    [Fact]
    public void Normalise_TypedResults_GiveTheOriginalsShapes()
    {
        ActionReplies.Normalise(Sync, ActionResult.None).ShouldBeNull();
        ActionReplies.Normalise(Sync, ActionResult.Done(true))!.ToJsonString().ShouldBe("""{"success":true,"message":"AYON Admin Sync to AYON finished."}""");
        ActionReplies.Normalise(Sync, ActionResult.Done(false))!["message"]!.GetValue<string>().ShouldBe("AYON Admin Sync to AYON failed.");
        ActionReplies.Normalise(Sync, ActionResult.Message(false, "no"))!.ToJsonString().ShouldBe("""{"success":false,"message":"no"}""");
        ActionReplies.Normalise(Sync, ActionResult.Form([new JsonObject { ["type"] = "label", ["value"] = "x" }], "T", "Go"))!.ToJsonString()
            .ShouldBe("""{"items":[{"type":"label","value":"x"}],"title":"T","submit_button_label":"Go"}""");
    }

    [Fact]
    public void Normalise_RawResults_FollowTheOriginalsRules()
    {
        ActionReplies.Normalise(Sync, (JsonNode?)null).ShouldBeNull();
        ActionReplies.Normalise(Sync, JsonValue.Create(false))!["success"]!.GetValue<bool>().ShouldBeFalse();
        ActionReplies.Normalise(Sync, new JsonObject()).ShouldBeNull();
        ActionReplies.Normalise(Sync, new JsonObject { ["message"] = "ok" })!.ToJsonString().ShouldBe("""{"message":"ok","success":true}""");
        ActionReplies.Normalise(Sync, new JsonObject { ["success"] = false, ["other"] = 1 })!.ToJsonString().ShouldBe("""{"success":false,"message":"AYON Admin Sync to AYON failed."}""");
        ActionReplies.Normalise(Sync, new JsonObject { ["items"] = new JsonArray() })!.ContainsKey("items").ShouldBeTrue();
        Should.Throw<ArgumentException>(() => ActionReplies.Normalise(Sync, new JsonObject { ["items"] = "x" })).Message.ShouldContain("not a list");
    }

    [Fact]
    public void Failure_Exception_NamesTypeLabelAndMessage() =>
        ActionReplies.Failure(Sync, new InvalidOperationException("disk full")).ToJsonString()
            .ShouldBe("""{"success":false,"message":"InvalidOperationException \u0022AYON Admin Sync to AYON\u0022: Failed (disk full)"}""");

    [Fact]
    public void UserInterfaceTarget_UserId_TargetsTheWebClientOfThatUser() =>
        ActionRuntime.UserInterfaceTarget("2a8a").ShouldBe("applicationId=ftrack.client.web and user.id=\"2a8a\"");

    [Theory]
    [InlineData(RoleDecision.MissingRole, true, RoleDecision.Allowed)]
    [InlineData(RoleDecision.MissingRole, false, RoleDecision.MissingRole)]
    [InlineData(RoleDecision.Disabled, true, RoleDecision.Disabled)]
    [InlineData(RoleDecision.Allowed, false, RoleDecision.Allowed)]
    public void ForLaunch_ServiceUserOrNot_OnlyTheRoleListIsPassedByTheServiceUser(RoleDecision decision, bool byServiceUser, RoleDecision expected) =>
        ActionRoles.ForLaunch(decision, byServiceUser).ShouldBe(expected);

    [Fact]
    public void SingleProjectId_OneProjectOrOther_ReturnsTheIdOnlyForExactlyOneProject()
    {
        ActionEvents.SingleProjectId(ActionEventsData.Discover(("p1", "show"))).ShouldBe("p1");
        ActionEvents.SingleProjectId(ActionEventsData.Discover(("p1", "show"), ("p2", "show"))).ShouldBeNull();
        ActionEvents.SingleProjectId(ActionEventsData.Discover(("t1", "task"))).ShouldBeNull();
        ActionEvents.SingleProjectId(ActionEventsData.Discover()).ShouldBeNull();
    }

    [Fact]
    public void IconUrl_KnownServerAndVersion_IsThePublicIconPath()
    {
        ActionIcons.Url(new AyonFtrack.Features.Ayon.AyonOptions { ServerUrl = new Uri("http://ayon.test:5000/"), AddonVersion = "1.6.4" }, ActionIcons.AyonAdmin)
            .ShouldBe("http://ayon.test:5000/addons/ftrack/1.6.4/public/icons/AYONAdmin.svg");
        ActionIcons.Url(new AyonFtrack.Features.Ayon.AyonOptions(), ActionIcons.AyonAdmin).ShouldBeNull();
    }
}
