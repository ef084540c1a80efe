using System.Text.Json.Nodes;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.Attributes;

public sealed class PushHierValuesActionTests
{
    private const string TaskType = "task-type";
    private const string ShotType = "shot-type";

    private static readonly AttributeConfiguration Hier = new("hier", "frameStart", true, null, JsonValue.Create(1));
    private static readonly AttributeConfiguration ShotStd = new("shot-std", "frameStart", false, ShotType, null);
    private static readonly AttributeConfiguration TaskStd = new("task-std", "frameStart", false, TaskType, null);

    private static readonly PushHierValuesAction.Context Shot = new("shot", "seq", ShotType);
    private static readonly PushHierValuesAction.Context Task = new("task", "shot", TaskType);
    private static readonly Dictionary<string, string?> ParentOf = new() { ["task"] = "shot", ["shot"] = "seq", ["seq"] = "proj", ["proj"] = null };

    private static IReadOnlyList<AttributeWrite> Plan(IReadOnlyList<AttributeConfiguration> configurations, params (string Configuration, string Entity, JsonNode? Value)[] values) =>
        PushHierValuesAction.Plan([Shot, Task], ParentOf, TaskType, ["frameStart"], configurations, values.ToDictionary(v => (v.Configuration, v.Entity), v => v.Value));

    private static string Describe(AttributeWrite w) => $"{w.ConfigurationId}@{w.EntityId}={AttributeValues.Number(w.Value!)}";

    [Fact]
    public void Plan_ReferenceExample_ShotStdTaskHierAndTaskStdTakeTheShotValue()
    {
        var writes = Plan([Hier, ShotStd, TaskStd], ("hier", "shot", 1001), ("shot-std", "shot", 1), ("hier", "task", 10));

        writes.Select(Describe).ShouldBe(["shot-std@shot=1001", "hier@task=1001", "task-std@task=1001"], ignoreOrder: true);
    }

    [Fact]
    public void Plan_EverythingAlreadyEqual_WritesNothing()
    {
        Plan([Hier, ShotStd, TaskStd], ("hier", "shot", 1001), ("shot-std", "shot", 1001.0), ("hier", "task", 1001), ("task-std", "task", 1001)).ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NoOwnValue_InheritsFromTheNearestAncestorThenTheDefault()
    {
        Plan([Hier, ShotStd], ("hier", "proj", 900)).Select(Describe).ShouldBe(["shot-std@shot=900", "hier@task=900"], ignoreOrder: true);
        Plan([Hier, ShotStd]).Select(Describe).ShouldBe(["shot-std@shot=1", "hier@task=1"], ignoreOrder: true);
    }

    [Fact]
    public void Plan_NoHierarchicalConfiguration_WritesNothing() => Plan([ShotStd, TaskStd], ("shot-std", "shot", 3)).ShouldBeEmpty();

    [Fact]
    public void Ancestors_ParentLinks_NearestFirstAndStopsOnCycles()
    {
        PushHierValuesAction.Ancestors("task", ParentOf).ShouldBe(["shot", "seq", "proj"]);
        PushHierValuesAction.Ancestors("a", new Dictionary<string, string?> { ["a"] = "b", ["b"] = "a" }).ShouldBe(["b"]);
    }

    [Theory]
    [InlineData("show", true)]
    [InlineData("task", true)]
    [InlineData("assetversion", false)]
    public void Applies_SelectionType_ProjectOrContextOnly(string type, bool expected) =>
        PushHierValuesAction.Applies([new EventProject.SelectionItem("x", type)]).ShouldBe(expected);

    [Fact]
    public void Action_Settings_UsesTheSectionAndItsActionSwitch()
    {
        PushHierValuesAction.Action.Identifier.ShouldBe("ayon.admin.push_hier_values_to_non_hier");
        PushHierValuesAction.Action.SettingsKey.ShouldBe("sync_hier_entity_attributes");
        PushHierValuesAction.Action.EnabledKey.ShouldBe("action_enabled");
    }
}
