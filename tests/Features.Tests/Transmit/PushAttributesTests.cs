using System.Text.Json.Nodes;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Server.CustomAttributes;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class PushAttributesTests
{
    private const string ShotType = "bad911de-3bd6-47b9-8b46-3476e237cb36";

    private static readonly IReadOnlyDictionary<string, AttributeMappingEntry> Mapping = new Dictionary<string, AttributeMappingEntry>
    {
        ["frameStart"] = new("frameStart", false, [new FtrackAttributeConfiguration("c-fstart", "fstart", false, "task", ShotType, "ayon")]),
        ["fps"] = new("fps", true, [new FtrackAttributeConfiguration("c-fps", "fps", true, "show", null, "ayon")]),
        ["clipIn"] = new("clipIn", true, []),
    };

    private static PushAttributes.FtrackSide Shot(Dictionary<string, JsonNode?>? stored = null, Dictionary<string, JsonNode?>? fields = null) => new(
        "task",
        ShotType,
        fields ?? new Dictionary<string, JsonNode?> { ["description"] = "", ["start_date"] = null, ["end_date"] = null },
        new HashSet<string> { "description" },
        stored ?? []);

    [Fact]
    public void From_AttribChanged_TakesKeysFromPayloadAndDropsLinkAttributes()
    {
        var e = AyonEvents.Entity("entity.folder.attrib_changed", "f1", new JsonObject(), new JsonObject { ["frameStart"] = 1001, ["ftrackId"] = "x" });

        var command = PushAttributes.From(e)!;

        command.Keys.ShouldBe(["frameStart"]);
        command.EntityType.ShouldBe("folder");
    }

    [Fact]
    public void From_OnlyTheTransmittersOwnFtrackIdWrite_ReturnsNull() =>
        PushAttributes.From(AyonEvents.Entity("entity.list.attrib_changed", "l1", new JsonObject(), new JsonObject { ["ftrackId"] = "x" })).ShouldBeNull();

    [Fact]
    public void From_ProjectChanged_PushesEveryAttribute()
    {
        var command = PushAttributes.From(AyonEvents.Entity("entity.project.changed", summary: []))!;

        command.ShouldSatisfyAllConditions(() => command.Keys.ShouldBeNull(), () => command.EntityId.ShouldBe("demo"));
    }

    [Fact]
    public void From_ProductAttribChanged_ReturnsNull() =>
        PushAttributes.From(AyonEvents.Entity("entity.product.attrib_changed", "p1", new JsonObject(), new JsonObject { ["frameStart"] = 1 })).ShouldBeNull();

    [Fact]
    public void Decide_NewValueForStandardMapping_CreatesStoredValue()
    {
        var writes = PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["frameStart"] = 1001 }, Mapping, Shot());

        var write = writes.ShouldHaveSingleItem();
        write.Kind.ShouldBe(PushAttributes.AttributeWriteKind.Create);
        write.ConfigurationId.ShouldBe("c-fstart");
        write.Value!.GetValue<int>().ShouldBe(1001);
    }

    [Fact]
    public void Decide_SameNumberStoredAsDouble_WritesNothing() =>
        PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["frameStart"] = 1001 }, Mapping, Shot(new() { ["c-fstart"] = 1001.0 })).ShouldBeEmpty();

    [Fact]
    public void Decide_ChangedValue_UpdatesStoredValue() =>
        PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["fps"] = 25 }, Mapping, Shot(new() { ["c-fps"] = 24.0 }))
            .ShouldHaveSingleItem().Kind.ShouldBe(PushAttributes.AttributeWriteKind.Update);

    [Fact]
    public void Decide_UnsetHierarchicalValue_DeletesStoredValue() =>
        PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["fps"] = null }, Mapping, Shot(new() { ["c-fps"] = 24.0 }))
            .ShouldHaveSingleItem().Kind.ShouldBe(PushAttributes.AttributeWriteKind.Delete);

    [Fact]
    public void Decide_UnmappedOrOtherObjectType_WritesNothing()
    {
        var task = new PushAttributes.FtrackSide("task", "11c137c0-ee7e-4f9c-91c5-8c77cec22b2c", new Dictionary<string, JsonNode?>(), new HashSet<string>(), new Dictionary<string, JsonNode?>());

        PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["frameStart"] = 1001, ["clipIn"] = 1, ["unknown"] = 2 }, Mapping, task).ShouldBeEmpty();
    }

    [Fact]
    public void Decide_DescriptionDiffers_SetsField()
    {
        var write = PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["description"] = "hero shot" }, Mapping, Shot()).ShouldHaveSingleItem();

        write.Kind.ShouldBe(PushAttributes.AttributeWriteKind.Field);
        write.Key.ShouldBe("description");
        write.Value!.GetValue<string>().ShouldBe("hero shot");
    }

    [Fact]
    public void Decide_ImmutableDateField_WritesNothing() =>
        PushAttributes.Decide(new Dictionary<string, JsonNode?> { ["startDate"] = "2024-01-01T00:00:00+00:00" }, Mapping, Shot()).ShouldBeEmpty();

    [Fact]
    public void ToFtrackDate_AyonIsoDate_IsFtrackDatetimeObject()
    {
        var node = PushAttributes.ToFtrackDate("2024-03-05T00:00:00+00:00")!;

        node["__type__"]!.GetValue<string>().ShouldBe("datetime");
        node["value"]!.GetValue<string>().ShouldBe("2024-03-05T00:00:00Z");
    }

    [Fact]
    public void SameValue_DatetimeObjectAndIsoString_AreEqual() =>
        PushAttributes.SameValue("2024-03-05T00:00:00Z", PushAttributes.ToFtrackDate("2024-03-05T00:00:00+00:00")).ShouldBeTrue();
}
