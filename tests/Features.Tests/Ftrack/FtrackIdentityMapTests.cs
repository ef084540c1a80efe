using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Tests.Ftrack;

public sealed class FtrackIdentityMapTests
{
    [Fact]
    public void Merge_BareReferenceBeforeFullCopy_ResolvesToMergedEntity()
    {
        var map = new FtrackIdentityMap();
        var reply = JsonNode.Parse("""
            [
              {"__entity_type__": "Task", "id": "t1", "status": {"__entity_type__": "Status", "id": "s1"}},
              {"__entity_type__": "Task", "id": "t2", "status": {"__entity_type__": "Status", "id": "s1", "name": "Not started",
                 "state": {"__entity_type__": "State", "id": "st", "short": "NOT_STARTED"}}}
            ]
            """);

        map.Merge(reply);

        var first = map.Find(FtrackEntityRef.Of("Task", "t1")).ShouldNotBeNull();
        first.GetEntity("status")!.GetString("name").ShouldBe("Not started");
        first.GetEntity("status")!.GetEntity("state")!.GetString("short").ShouldBe("NOT_STARTED");
        map.Count.ShouldBe(4);
    }

    [Fact]
    public void Merge_CompositeKeys_UseAllKeyValues()
    {
        var map = new FtrackIdentityMap();
        map.Merge(JsonNode.Parse("""
            [{"__entity_type__": "ContextCustomAttributeValue", "configuration_id": "c1", "entity_id": "e1", "key": "fps", "value": 25},
             {"__entity_type__": "ContextCustomAttributeValue", "configuration_id": "c2", "entity_id": "e1", "key": "fstart", "value": 1001}]
            """));

        map.Count.ShouldBe(2);
        map.Find(FtrackEntityRef.Composite("ContextCustomAttributeValue", new("configuration_id", "c2"), new("entity_id", "e1")))!
            ["value"]!.GetValue<int>().ShouldBe(1001);
    }

    [Fact]
    public void CustomAttributes_DenseMappedArray_ReadsKeyValue()
    {
        var map = new FtrackIdentityMap();
        map.Merge(JsonNode.Parse("""
            {"__entity_type__": "Shot", "id": "sh", "custom_attributes": [
              {"__entity_type__": "ContextCustomAttributeValue", "configuration_id": "c1", "entity_id": "sh", "key": "fstart", "value": 1001},
              {"__entity_type__": "ContextCustomAttributeValue", "configuration_id": "c2", "entity_id": "sh", "key": "ayon_id", "value": null}]}
            """));

        var attributes = map.Find(FtrackEntityRef.Of("Shot", "sh"))!.CustomAttributes;

        attributes["fstart"]!.GetValue<int>().ShouldBe(1001);
        attributes.ContainsKey("ayon_id").ShouldBeTrue();
        attributes["ayon_id"].ShouldBeNull();
    }
}
