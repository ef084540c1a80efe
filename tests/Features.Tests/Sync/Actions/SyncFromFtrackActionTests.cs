using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Actions;
using AyonFtrack.Features.Tests.Ftrack.Actions;

namespace AyonFtrack.Features.Tests.Sync.Actions;

public sealed class SyncFromFtrackActionTests
{
    [Fact]
    public void Action_IsTheOriginalsIdentifierLabelAndSettingsKey() =>
        SyncFromFtrackAction.Action.ShouldSatisfyAllConditions(
            a => a.Identifier.ShouldBe("sync.from.ftrack.to.ayon"),
            a => a.FullLabel.ShouldBe("AYON Admin - Sync to AYON"),
            a => a.SettingsKey.ShouldBe("sync_from_ftrack"),
            a => a.Identifier.ShouldBe(AyonFtrack.Features.Actions.StartAutoSync.SyncActionIdentifier));

    [Fact]
    public void Discover_SingleProject_ReturnsCommand_OtherSelections_ReturnNull()
    {
        SyncFromFtrackAction.Descriptor.Offers(ActionEventsData.Discover(("p1", "show"))).ShouldBeTrue();
        SyncFromFtrackAction.Descriptor.Offers(ActionEventsData.Discover(("t1", "task"))).ShouldBeFalse();
        SyncFromFtrackAction.Descriptor.Offers(ActionEventsData.Discover(("p1", "show"), ("p2", "show"))).ShouldBeFalse();
        SyncFromFtrackAction.Descriptor.Offers(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p1", "show"))).ShouldBeFalse();
    }

    [Fact]
    public void Launch_OwnIdentifierOnProject_ReturnsTheProject_OtherIdentifier_ReturnsNull()
    {
        SyncFromFtrackAction.Descriptor.LaunchOf(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p1", "show")), SyncFromFtrackAction.Launch).ShouldNotBeNull().ProjectId.ShouldBe("p1");
        SyncFromFtrackAction.Descriptor.LaunchOf(ActionEventsData.Launch("ayon.prepare.project.server", null, ("p1", "show")), SyncFromFtrackAction.Launch).ShouldBeNull();
        SyncFromFtrackAction.Descriptor.LaunchOf(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("t1", "task")), SyncFromFtrackAction.Launch).ShouldBeNull();
    }

    [Fact]
    public void Launch_TheEventStartAutoSyncPublishes_IsAnswered()
    {
        var published = AyonFtrack.Features.Actions.StartAutoSync.LaunchEvent("p9", "svc", "svc-id");

        SyncFromFtrackAction.Descriptor.LaunchOf(published, SyncFromFtrackAction.Launch).ShouldNotBeNull().ProjectId.ShouldBe("p9");
    }

    [Theory]
    [InlineData("demo", true, SyncFromFtrackAction.LaunchDecision.Sync)]
    [InlineData("demo", false, SyncFromFtrackAction.LaunchDecision.AyonProjectMissing)]
    [InlineData(null, false, SyncFromFtrackAction.LaunchDecision.FtrackProjectMissing)]
    public void Decide_ProjectOnEachSide_GivesTheDecision(string? ftrackName, bool ayonExists, SyncFromFtrackAction.LaunchDecision expected) =>
        SyncFromFtrackAction.Decide(ftrackName, ayonExists).ShouldBe(expected);

    [Fact]
    public void Refusal_AyonProjectMissing_PointsToPrepareProject()
    {
        var reply = ActionReplies.Normalise(SyncFromFtrackAction.Action, SyncFromFtrackAction.Refusal(SyncFromFtrackAction.LaunchDecision.AyonProjectMissing, "demo"))!;

        reply["success"]!.GetValue<bool>().ShouldBeFalse();
        reply["message"]!.GetValue<string>().ShouldContain("Prepare Project");
        reply["message"]!.GetValue<string>().ShouldContain("\"demo\"");
    }

    [Fact]
    public void Summary_ChangesAndReport_CountsThemAndNamesTheReport()
    {
        var result = new ProjectSyncResult("demo", false, 7, true, 5, ["Not found: sq01/sh999", "Duplicated name: sh010"]);

        var message = ((ActionResult.Text)SyncFromFtrackAction.Summary(result)).Content;

        message.ShouldBe("Sync to AYON of \"demo\" finished: 7 AYON entity change(s), project settings updated, 5 ftrack value(s) written back. 2 item(s) could not be synchronised: see \"Sync to AYON report\".");
    }

    [Fact]
    public void Summary_NothingToDo_SaysAyonWasUpToDate() =>
        ((ActionResult.Text)SyncFromFtrackAction.Summary(new ProjectSyncResult("demo", false, 0, false, 0, []))).ShouldSatisfyAllConditions(
            t => t.Success.ShouldBeTrue(),
            t => t.Content.ShouldBe("Sync to AYON of \"demo\" finished: AYON was already up to date."));

    [Fact]
    public void ReportItems_ReportLines_AreLabelsAfterAHeading()
    {
        var items = SyncFromFtrackAction.ReportItems(new ProjectSyncResult("demo", false, 0, false, 0, ["a", "b"]));

        items.Select(i => i["type"]!.GetValue<string>()).ShouldAllBe(t => t == "label");
        items.Select(i => i["value"]!.GetValue<string>()).ShouldBe(["# Project \"demo\": 2 item(s) not synchronised", "- a", "- b"]);
    }
}
