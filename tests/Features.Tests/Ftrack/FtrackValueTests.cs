using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Tests.Ftrack;

public sealed class FtrackValueTests
{
    [Fact]
    public void Encode_DateTimeOffset_IsUtcDatetimeObject()
    {
        var node = FtrackValue.Encode(new DateTimeOffset(2025, 3, 4, 12, 11, 12, TimeSpan.FromHours(2)))!.AsObject();

        node["__type__"]!.GetValue<string>().ShouldBe("datetime");
        node["value"]!.GetValue<string>().ShouldBe("2025-03-04T10:11:12Z");
    }

    [Fact]
    public void Encode_LocalDateTime_Throws()
    {
        Should.Throw<ArgumentException>(() => FtrackValue.Encode(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Local)));
    }

    [Fact]
    public void Encode_DateOnlyReferenceAndList_UseFtrackShapes()
    {
        FtrackValue.Encode(new DateOnly(2023, 10, 10))!.ToJsonString().ShouldBe("{\"__type__\":\"date\",\"value\":\"2023-10-10\"}");
        FtrackValue.Encode(FtrackEntityRef.Of("Status", "s-1"))!.ToJsonString().ShouldBe("{\"__entity_type__\":\"Status\",\"id\":\"s-1\"}");
        FtrackValue.Encode(new[] { "a", "b" })!.ToJsonString().ShouldBe("[\"a\",\"b\"]");
        FtrackEntityRef.Composite("CustomAttributeValue", new("configuration_id", "c"), new("entity_id", "e")).ToJson().ToJsonString()
            .ShouldBe("{\"__entity_type__\":\"CustomAttributeValue\",\"configuration_id\":\"c\",\"entity_id\":\"e\"}");
    }

    [Fact]
    public void ReadDateTime_NaiveServerValue_IsUtc()
    {
        var value = FtrackValue.ReadDateTime(JsonNode.Parse("{\"__type__\":\"datetime\",\"value\":\"2022-10-10T10:12:09\"}"));

        value.ShouldBe(new DateTimeOffset(2022, 10, 10, 10, 12, 9, TimeSpan.Zero));
    }

    [Fact]
    public void ReadDateTime_Garbage_ThrowsNamingTheValue()
    {
        var error = Should.Throw<FormatException>(() => FtrackValue.ReadDateTime(JsonNode.Parse("{\"__type__\":\"datetime\",\"value\":\"yesterday\"}")));

        error.Message.ShouldContain("yesterday");
    }

    [Fact]
    public void ReadInt64_IntegralFloat_IsAccepted()
    {
        FtrackValue.ReadInt64(JsonNode.Parse("3.0")).ShouldBe(3);
        FtrackValue.ReadInt64(JsonNode.Parse("3.5")).ShouldBeNull();
        FtrackValue.ReadInt64(JsonValue.Create(7)).ShouldBe(7);
    }
}
