using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Tests.TestData;

namespace AyonFtrack.Features.Tests.Actions;

public sealed class StartAutoSyncTests
{
    [Fact]
    public void From_Marker_CarriesTheMarkersUser()
    {
        var marker = FtrackEvents.Hub("""{"id":"m1","topic":"ayon.ftrack.leecher.started.ynternal","data":{},"source":{"user":{"username":"svc","id":"u-svc"}}}""");

        StartAutoSync.From(marker).ShouldBe(new StartAutoSync.Command("m1", "svc", "u-svc"));
        StartAutoSync.From(FtrackEvents.Update()).ShouldBeNull();
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    [InlineData("null", false)]
    public void IsAutoSyncOn_Value_ReadsItsTruth(string json, bool expected) =>
        StartAutoSync.IsAutoSyncOn(JsonNode.Parse(json)).ShouldBe(expected);

    [Fact]
    public void LaunchEvent_Project_IsTheOriginalsLaunchOfTheSyncAction()
    {
        var launch = StartAutoSync.LaunchEvent("p1", "svc", "u-svc").ToHub();

        launch["topic"]!.GetValue<string>().ShouldBe("ftrack.action.launch");
        launch["data"]!.ToJsonString().ShouldBe("""{"actionIdentifier":"sync.from.ftrack.to.ayon","selection":[{"entityId":"p1","entityType":"show"}]}""");
        launch["source"]!.ToJsonString().ShouldBe("""{"user":{"username":"svc","id":"u-svc"}}""");
    }
}
