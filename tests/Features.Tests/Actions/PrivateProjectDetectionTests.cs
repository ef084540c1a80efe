using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Tests.Ftrack.Actions;

namespace AyonFtrack.Features.Tests.Actions;

public sealed class PrivateProjectDetectionTests
{
    [Fact]
    public void Discover_SelectionPresent_BuildsTheCommandWithTheSelection()
    {
        var command = PrivateProjectDetection.Discover(ActionEventsData.Discover(("p1", "show"), ("t1", "task")));

        command.ShouldNotBeNull().Selection.Select(s => s.EntityId).ShouldBe(["p1", "t1"]);
        PrivateProjectDetection.Discover(ActionEventsData.Discover()).ShouldBeNull();
    }

    [Fact]
    public void Launch_OwnIdentifierOnly_BuildsTheCommand()
    {
        PrivateProjectDetection.Launch(ActionEventsData.Launch("ayon.server.missing.perm.private.project", null, ("p", "show"))).ShouldNotBeNull().Values.ShouldBeNull();
        PrivateProjectDetection.Launch(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p", "show"))).ShouldBeNull();
    }

    [Theory]
    [InlineData(2, 0, true)]
    [InlineData(2, 1, false)]
    [InlineData(0, 0, false)]
    public void Decide_QueryableAndLoaded_OffersOnlyWhenNothingLoads(int queryable, int loaded, bool expected) =>
        PrivateProjectDetection.Decide(queryable, loaded).ShouldBe(expected);

    [Fact]
    public void Respond_Click_ShowsTheFormNamingTheServiceUser()
    {
        var form = ActionReplies.Normalise(PrivateProjectDetection.Action, PrivateProjectDetection.Respond(null, "svc_ayon"))!;

        form["title"]!.GetValue<string>().ShouldBe("Missing permissions");
        form["submit_button_label"]!.GetValue<string>().ShouldBe("Got it");
        form["items"]!.AsArray().ShouldContain(i => i!["value"]!.ToString().Contains("svc_ayon"));
        form["items"]!.AsArray().ShouldContain(i => i!["type"]!.GetValue<string>() == "hidden");
    }

    [Fact]
    public void Respond_Submitted_RepliesNothing() =>
        PrivateProjectDetection.Respond(new JsonObject { ["acknowledged"] = true }, "svc_ayon").ShouldBe(ActionResult.None);
}
