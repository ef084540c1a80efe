using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.Attributes;

public sealed class PushHierValuesOnUpdateTests
{
    private const string ShotType = "shot-type";
    private const string Project = "proj";
    private const string Sequence = "seq";
    private const string Shot = "shot";

    private static readonly AttributeConfiguration Hier = new("hier-fs", "frameStart", true, null, JsonValue.Create(0));
    private static readonly AttributeConfiguration Std = new("std-fs", "frameStart", false, ShotType, null);
    private static readonly IReadOnlyList<AttributeConfiguration> Configurations = [Hier, Std];

    private static PushHierValuesOnUpdate.UpdatedEntity Entity(string action, string? newValue, string type = "Shot", string? parentType = "Sequence", string key = "frameStart") =>
        new(action, Shot, type, ShotType, Project, parentType, [Sequence, Project], new Dictionary<string, string?> { [key] = newValue });

    private static Dictionary<(string, string), JsonNode?> Stored(params (string Configuration, string Entity, JsonNode? Value)[] values) =>
        values.ToDictionary(v => (v.Configuration, v.Entity), v => v.Value);

    [Fact]
    public void Plan_StandardChangedHierDiffers_WritesTheHierarchicalSide()
    {
        // The reference's acceptance line: std frameStart changed to 1010 while hier is 1001 → hier becomes 1010.
        var writes = PushHierValuesOnUpdate.Plan(Entity("update", "1010"), HierValuesSettings.Default, Configurations, Stored((Std.Id, Shot, 1010), (Hier.Id, Shot, 1001)));

        var write = writes.ShouldHaveSingleItem();
        write.ConfigurationId.ShouldBe(Hier.Id);
        write.EntityId.ShouldBe(Shot);
        AttributeValues.Number(write.Value!).ShouldBe(1010);
    }

    [Fact]
    public void Plan_HierarchicalChanged_WritesTheStandardSide()
    {
        var writes = PushHierValuesOnUpdate.Plan(Entity("update", "1010"), HierValuesSettings.Default, Configurations, Stored((Std.Id, Shot, 1001), (Hier.Id, Shot, 1010)));

        writes.ShouldHaveSingleItem().ConfigurationId.ShouldBe(Std.Id);
    }

    [Fact]
    public void Plan_BothSidesAlreadyEqual_WritesNothing()
    {
        // The echo of the handler's own write: both sides already hold the new value.
        PushHierValuesOnUpdate.Plan(Entity("update", "1010"), HierValuesSettings.Default, Configurations, Stored((Std.Id, Shot, 1010.0), (Hier.Id, Shot, 1010)))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NeitherSideHoldsTheNewValue_WritesNothing()
    {
        PushHierValuesOnUpdate.Plan(Entity("update", "1010"), HierValuesSettings.Default, Configurations, Stored((Std.Id, Shot, 1), (Hier.Id, Shot, 2)))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Plan_NewEntityWithoutValues_FillsBothSidesFromTheInheritedValue()
    {
        var writes = PushHierValuesOnUpdate.Plan(Entity("add", null), HierValuesSettings.Default, Configurations, Stored((Hier.Id, Sequence, 1001)));

        writes.Select(w => w.ConfigurationId).ShouldBe([Std.Id, Hier.Id], ignoreOrder: true);
        writes.ShouldAllBe(w => AttributeValues.Number(w.Value!) == 1001);
    }

    [Fact]
    public void Plan_NewEntityNothingInherited_FallsBackToTheDefault()
    {
        var writes = PushHierValuesOnUpdate.Plan(Entity("add", null), HierValuesSettings.Default, Configurations, Stored());

        writes.Count.ShouldBe(2);
        writes.ShouldAllBe(w => AttributeValues.Number(w.Value!) == 0);
    }

    [Fact]
    public void Plan_NoObjectSpecificAttributeForTheType_WritesNothing()
    {
        var otherType = Entity("update", "1010") with { ObjectTypeId = "asset-build-type" };

        PushHierValuesOnUpdate.Plan(otherType, HierValuesSettings.Default, Configurations, Stored((Std.Id, Shot, 1010), (Hier.Id, Shot, 1001))).ShouldBeEmpty();
    }

    [Fact]
    public void Plan_ValueDoesNotConvert_WritesNothing()
    {
        PushHierValuesOnUpdate.Plan(Entity("update", "soon"), HierValuesSettings.Default, Configurations, Stored((Std.Id, Shot, 1010), (Hier.Id, Shot, 1001))).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Shot", "update", "frameStart", "1010", null, true)]
    [InlineData("Shot", "update", "frameStart", null, null, false)]
    [InlineData("Shot", "update", "name", "x", null, false)]
    [InlineData("Shot", "add", "name", "x", null, true)]
    [InlineData("AssetBuild", "update", "frameEnd", "10", null, true)]
    [InlineData("Sequence", "update", "frameStart", "10", null, false)]
    [InlineData("Task", "add", "parent_id", "s", "Shot", true)]
    [InlineData("Task", "add", "parent_id", "s", "Sequence", false)]
    public void IsInteresting_TypeAndChange_MatchesTheSettings(string type, string action, string key, string? value, string? parentType, bool expected) =>
        PushHierValuesOnUpdate.IsInteresting(Entity(action, value, type, parentType, key), HierValuesSettings.Default).ShouldBe(expected);

    [Fact]
    public void Read_UpdateEvent_ReadsItemsWithChangesAndTheirAncestors()
    {
        var data = new JsonObject
        {
            ["entities"] = new JsonArray(
                Item("update", Shot, new JsonObject { ["frameStart"] = new JsonObject { ["old"] = "1001", ["new"] = "1010" } }),
                Item("remove", "gone", new JsonObject { ["frameStart"] = new JsonObject { ["old"] = "1", ["new"] = null } }),
                Item("update", "nochange", new JsonObject())),
        };

        var entities = PushHierValuesOnUpdate.Read(FtrackEvent.Create("e1", "ftrack.update", data));

        var entity = entities.ShouldHaveSingleItem();
        entity.EntityId.ShouldBe(Shot);
        entity.ProjectId.ShouldBe(Project);
        entity.ParentType.ShouldBe("Sequence");
        entity.ObjectTypeId.ShouldBe(ShotType);
        entity.Ancestors.ShouldBe([Sequence, Project]);
        entity.Changes["frameStart"].ShouldBe("1010");
        PushHierValuesOnUpdate.From(FtrackEvent.Create("e2", "ftrack.other", data)).ShouldBeNull();
    }

    [Fact]
    public void SettingsRead_Section_NormalisesTypesAndKeepsSwitches()
    {
        var settings = JsonDocument.Parse("""
            {"service_event_handlers":{"sync_hier_entity_attributes":{"enabled":false,"action_enabled":true,"interest_entity_types":["Asset Build","Shot"],"interest_attributes":["fps"]}}}
            """).RootElement;

        var read = HierValuesSettings.Read(settings);

        read.Enabled.ShouldBeFalse();
        read.ActionEnabled.ShouldBeTrue();
        read.InterestEntityTypes.ShouldBe(["assetbuild", "shot"], ignoreOrder: true);
        read.InterestAttributes.ShouldBe(["fps"]);
        HierValuesSettings.Read(JsonDocument.Parse("{}").RootElement).ShouldBe(HierValuesSettings.Default);
    }

    [Theory]
    [InlineData("1010", 5, "1010")]
    [InlineData("1", true, "true")]
    [InlineData("0", false, "false")]
    [InlineData("abc", "x", "\"abc\"")]
    public void CastLike_KindOfTheExistingValue_Converts(string text, object like, string expected) =>
        AttributeValues.CastLike(text, JsonValue.Create(like))!.ToJsonString().ShouldBe(expected);

    private static JsonObject Item(string action, string id, JsonObject changes) => new()
    {
        ["action"] = action, ["entityId"] = id, ["entityType"] = "task", ["entity_type"] = "Shot", ["objectTypeId"] = ShotType, ["changes"] = changes,
        ["parents"] = new JsonArray(
            new JsonObject { ["entityId"] = id, ["entityType"] = "task", ["entity_type"] = "Shot" },
            new JsonObject { ["entityId"] = Sequence, ["entityType"] = "task", ["entity_type"] = "Sequence" },
            new JsonObject { ["entityId"] = Project, ["entityType"] = "show", ["entity_type"] = "Project" }),
    };
}
