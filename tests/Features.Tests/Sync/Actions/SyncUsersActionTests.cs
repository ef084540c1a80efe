using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Sync;
using AyonFtrack.Features.Sync.Actions;
using AyonFtrack.Features.Tests.Ftrack.Actions;

namespace AyonFtrack.Features.Tests.Sync.Actions;

public sealed class SyncUsersActionTests
{
    [Fact]
    public void Action_IsTheOriginalsIdentifierLabelAndSettingsKey() =>
        SyncUsersAction.Action.ShouldSatisfyAllConditions(
            a => a.Identifier.ShouldBe("sync.users.from.ftrack.to.ayon"),
            a => a.FullLabel.ShouldBe("AYON Admin - Sync users to AYON"),
            a => a.SettingsKey.ShouldBe("sync_users_from_ftrack"));

    [Fact]
    public void DiscoverAndLaunch_SingleProjectOnly_ReturnCommands()
    {
        SyncUsersAction.Descriptor.Offers(ActionEventsData.Discover(("p1", "show"))).ShouldBeTrue();
        SyncUsersAction.Descriptor.Offers(ActionEventsData.Discover(("p1", "show"), ("t1", "task"))).ShouldBeFalse();
        SyncUsersAction.Descriptor.LaunchOf(ActionEventsData.Launch("sync.users.from.ftrack.to.ayon", new JsonObject { ["access_groups"] = new JsonArray("artist") }, ("p1", "show")), SyncUsersAction.Launch)
            .ShouldNotBeNull().Values.ShouldNotBeNull();
        SyncUsersAction.Descriptor.LaunchOf(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p1", "show")), SyncUsersAction.Launch).ShouldBeNull();
    }

    [Fact]
    public void Form_AccessGroups_MultiSelectWithAllPreselected()
    {
        var form = ActionReplies.Normalise(SyncUsersAction.Action, SyncUsersAction.Form(["artist", "viewer"]))!;

        form["title"]!.GetValue<string>().ShouldBe("Default artist access groups");
        var select = form["items"]!.AsArray().Single(i => i!["name"]?.GetValue<string>() == "access_groups")!;
        select["multi_select"]!.GetValue<bool>().ShouldBeTrue();
        select["value"]!.ToJsonString().ShouldBe("""["artist","viewer"]""");
        select["data"]!.AsArray().Select(d => d!["value"]!.GetValue<string>()).ShouldBe(["artist", "viewer"]);
    }

    [Fact]
    public void ChosenGroups_ListStringOrMissing_ReadsTheSubmission()
    {
        SyncUsersAction.ChosenGroups(new JsonObject { ["access_groups"] = new JsonArray("artist", "viewer") }).ShouldBe(["artist", "viewer"]);
        SyncUsersAction.ChosenGroups(new JsonObject { ["access_groups"] = "artist" }).ShouldBe(["artist"]);
        SyncUsersAction.ChosenGroups(new JsonObject()).ShouldBeNull();
        SyncUsersAction.ChosenGroups(null).ShouldBeNull();
    }

    [Fact]
    public void ArtistAccess_PublicAndPrivateProjects_FollowsTheRolesAndOnlyAyonProjects()
    {
        SyncUsersAction.FtrackProjectAccess[] projects =
        [
            new("p1", "public_a", false),
            new("p2", "private_b", true),
            new("p3", "private_c", true),
            new("p4", "not_in_ayon", false),
        ];
        var ayon = new HashSet<string>(["public_a", "private_b", "private_c"], StringComparer.Ordinal);

        var withAll = SyncUsersAction.ArtistAccess(["artist"], ayon, projects, new("u1", true, new HashSet<string>(["p2"])));
        var projectOnly = SyncUsersAction.ArtistAccess(["artist"], ayon, projects, new("u2", false, new HashSet<string>(["p3"])));

        withAll.ToJsonString().ShouldBe("""{"private_b":["artist"],"public_a":["artist"]}""");
        projectOnly.ToJsonString().ShouldBe("""{"private_c":["artist"]}""");
    }

    [Fact]
    public void Summary_Writes_CountsCreatedAndUpdated()
    {
        UserWrite[] writes = [new("a", true, true, null, null), new("b", false, null, null, null), new("c", true, true, null, null)];

        ((ActionResult.Text)SyncUsersAction.Summary(writes)).Content.ShouldBe("Sync users to AYON finished: 2 user(s) created, 1 updated.");
        ((ActionResult.Text)SyncUsersAction.Summary([])).Content.ShouldBe("Sync users to AYON finished: AYON users were already up to date.");
    }
}
