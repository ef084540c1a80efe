using System.Text.Json;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Tests.Ftrack.Actions;
using AyonFtrack.Features.Tests.TestData;

namespace AyonFtrack.Features.Tests.Common;

public sealed class ProjectContextTests
{
    [Fact]
    public void ProjectIdOf_UpdateWithParents_ReturnsTheShow()
    {
        var update = FtrackEvents.Hub("""
            {"id":"e","topic":"ftrack.update","data":{"entities":[{"entityType":"task","entityId":"t1",
             "parents":[{"entityId":"t1","entityType":"task"},{"entityId":"sq","entityType":"task"},{"entityId":"P","entityType":"show"}]}]}}
            """);

        EventProject.ProjectIdOf(update).ShouldBe("P");
    }

    [Fact]
    public void ProjectIdOf_SelectedShowOrNothing_ReturnsItOrNull()
    {
        EventProject.ProjectIdOf(ActionEventsData.Discover(("t1", "task"), ("P", "show"))).ShouldBe("P");
        EventProject.ProjectIdOf(ActionEventsData.Discover(("t1", "task"))).ShouldBeNull();
    }

    [Theory]
    [InlineData("task", "TypedContext")]
    [InlineData("show", "Project")]
    [InlineData("AssetVersion", "AssetVersion")]
    [InlineData("review_session", "ReviewSession")]
    [InlineData("socialfeed", null)]
    public void QueryTypeOf_LegacyName_MapsToTheQueryType(string legacy, string? expected) =>
        EventProject.QueryTypeOf(legacy).ShouldBe(expected);

    [Theory]
    [InlineData("""{"enabled":false}""", false)]
    [InlineData("""{"enabled":true}""", true)]
    [InlineData("""{}""", true)]
    public void IsEnabled_Settings_MissingCountsAsEnabled(string json, bool expected) =>
        ProjectSettings.IsEnabled(JsonDocument.Parse(json).RootElement).ShouldBe(expected);

    [Theory]
    [InlineData(true, """{}""", null)]
    [InlineData(false, """{}""", "the AYON project does not exist")]
    [InlineData(true, """{"enabled":false}""", "ftrack is disabled for the project")]
    public void SkipReason_ProjectChecks_NamesTheFirstThatFails(bool ayonExists, string settings, string? expected)
    {
        var project = new ProjectContext("P", "proj", "pj", "schema", ayonExists, JsonDocument.Parse(settings).RootElement);

        project.SkipReason.ShouldBe(expected);
        project.Typed.ShouldBeSameAs(project.Typed);
        project.Enabled.ShouldBe(!settings.Contains("false", StringComparison.Ordinal));
    }
}
