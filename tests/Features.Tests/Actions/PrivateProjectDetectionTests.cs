using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Tests.Ftrack.Actions;

namespace AyonFtrack.Features.Tests.Actions;

public sealed class PrivateProjectDetectionTests
{
    [Fact]
    public void Offers_SelectionPresent_GoesToTheReadCheckWithTheSelection()
    {
        var discover = ActionEventsData.Discover(("p1", "show"), ("t1", "task"));

        PrivateProjectDetection.Descriptor.Offers(discover).ShouldBeTrue();
        PrivateProjectDetection.Descriptor.Check.ShouldNotBeNull();
        EventProject.Selection(discover).Select(s => s.EntityId).ShouldBe(["p1", "t1"]);
        PrivateProjectDetection.Descriptor.Offers(ActionEventsData.Discover()).ShouldBeFalse();
    }

    [Fact]
    public void Launch_OwnIdentifierOnly_BuildsTheCommand()
    {
        PrivateProjectDetection.Descriptor.LaunchOf(ActionEventsData.Launch("ayon.server.missing.perm.private.project", null, ("p", "show")), PrivateProjectDetection.Launch).ShouldNotBeNull().Values.ShouldBeNull();
        PrivateProjectDetection.Descriptor.LaunchOf(ActionEventsData.Launch("sync.from.ftrack.to.ayon", null, ("p", "show")), PrivateProjectDetection.Launch).ShouldBeNull();
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
