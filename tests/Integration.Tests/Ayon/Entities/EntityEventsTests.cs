using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.Entities;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>Pure event generation from before/after state (ayon-protocol.md §4.2, §4.3).</summary>
public sealed class EntityEventsTests
{
    private static readonly EntityEventOptions Separate = new() { SharedSummaryObject = false };

    private static JsonObject Task(string status = "Not ready", params string[] tags) => new()
    {
        ["id"] = "22bb",
        ["name"] = "comp",
        ["taskType"] = "Compositing",
        ["folderId"] = "11aa",
        ["status"] = status,
        ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode?)t)]),
        ["active"] = true,
        ["attrib"] = new JsonObject { ["frameStart"] = 1001 },
        ["data"] = new JsonObject { ["a"] = 1 },
        ["assignees"] = new JsonArray(),
    };

    private static JsonObject Apply(JsonObject before, JsonObject patch)
    {
        var after = (JsonObject)before.DeepClone();
        foreach (var (key, value) in patch)
        {
            after[key] = key is "attrib" or "data"
                ? EntityAttributes.MergeOwn(before[key] as JsonObject, (JsonObject)value!)
                : value?.DeepClone();
        }

        return after;
    }

    [Fact]
    public void Updated_ManyAspects_EmitsInDocumentedOrderWithDuplicateTags()
    {
        var before = Task();
        var patch = Obj(("active", false), ("data", Obj(("b", 2))), ("tags", new JsonArray("hero")), ("attrib", Obj(("frameEnd", 1100))),
            ("status", "Approved"), ("name", "comp2"), ("taskType", "Lighting"), ("folderId", "33cc"));

        var events = EntityEvents.Updated("demo", EntityKind.Task, before, patch, Apply(before, patch), "/sh010/comp2", Separate);

        events.Select(e => e.Topic).ShouldBe([
            "entity.task.renamed", "entity.task.status_changed", "entity.task.tags_changed", "entity.task.attrib_changed",
            "entity.task.data_changed", "entity.task.type_changed", "entity.task.active_changed", "entity.task.tags_changed",
            "entity.task.folder_changed"]);
        events[4].Payload.ShouldBeJson(Obj(("oldValue", Obj(("a", 1))), ("newValue", Obj(("b", 2)))));
        events[4].Summary.ContainsKey("value").ShouldBeFalse();
        events[8].Summary.ShouldBeJson(Obj(("entityId", "22bb"), ("parentId", "33cc"), ("entityPath", "/sh010/comp2"), ("value", "33cc")));
    }

    [Fact]
    public void Updated_UnchangedOrAbsentKeys_EmitNothing()
    {
        var before = Task("Approved", "hero");
        var patch = Obj(("status", "Approved"), ("tags", new JsonArray("hero")), ("attrib", Obj(("frameStart", 1001))), ("data", Obj(("a", 1))));

        EntityEvents.Updated("demo", EntityKind.Task, before, patch, Apply(before, patch), "/sh010/comp", Separate).ShouldBeEmpty();
    }

    [Fact]
    public void Updated_AttribPatch_NewValueHoldsChangedKeysAndOldValueOnlyPreviouslyOwnKeys()
    {
        var before = Task();
        var patch = Obj(("attrib", Obj(("frameStart", 1002), ("fps", 25.0), ("frameEnd", null))));

        var e = EntityEvents.Updated("demo", EntityKind.Task, before, patch, Apply(before, patch), "/sh010/comp", Separate).Single();

        e.Topic.ShouldBe("entity.task.attrib_changed");
        e.Payload.ShouldBeJson(Obj(("oldValue", Obj(("frameStart", 1001))), ("newValue", Obj(("frameStart", 1002), ("fps", 25.0)))));
        e.Summary.ShouldBeJson(Obj(("entityId", "22bb"), ("parentId", "11aa"), ("entityPath", "/sh010/comp")));
    }

    [Fact]
    public void Updated_SharedSummary_EveryEventCarriesTheLastValue()
    {
        var before = Task();
        var patch = Obj(("status", "Approved"), ("attrib", Obj(("fps", 24.0))), ("active", false));

        var events = EntityEvents.Updated("demo", EntityKind.Task, before, patch, Apply(before, patch), "/sh010/comp", new EntityEventOptions());

        events.Select(e => e.Topic).ShouldBe(["entity.task.status_changed", "entity.task.attrib_changed", "entity.task.active_changed"]);
        foreach (var e in events)
        {
            e.Summary["value"]!.GetValue<bool>().ShouldBeFalse();
        }

        events[0].Payload["newValue"].Text().ShouldBe("Approved");
    }

    [Fact]
    public void Updated_AuditTrailOffAndNoDuplicateTags_EmitsEmptyPayloadsOnce()
    {
        var before = Task();
        var patch = Obj(("tags", new JsonArray("hero")));

        var events = EntityEvents.Updated("demo", EntityKind.Task, before, patch, Apply(before, patch), "/sh010/comp",
            new EntityEventOptions { AuditTrail = false, DuplicateTagsEvent = false });

        events.Single().Payload.Count.ShouldBe(0);
    }

    [Fact]
    public void CreatedAndDeleted_Folder_CarryIdsAndOwnEntityData()
    {
        var folder = Obj(("id", "11aa"), ("name", "sh010"), ("folderType", "Shot"), ("label", null), ("attrib", Obj(("ftrackId", "f-1"))));

        var created = EntityEvents.Created("demo", EntityKind.Folder, folder, "/sh010");
        var deleted = EntityEvents.Deleted("demo", EntityKind.Folder, folder, "/sh010", new EntityEventOptions());

        created.Summary.ShouldBeJson(Obj(("entityId", "11aa"), ("parentId", null)));
        created.Payload.Count.ShouldBe(0);
        deleted.Topic.ShouldBe("entity.folder.deleted");
        deleted.Payload.ShouldBeJson(Obj(("entityData", Obj(("id", "11aa"), ("name", "sh010"), ("folderType", "Shot"), ("attrib", Obj(("ftrackId", "f-1")))))));
    }

    [Fact]
    public void ProjectPatched_ChangedAttribAndColumns_EndsWithChangedAndNoSummary()
    {
        var before = Obj(("name", "demo"), ("attrib", Obj(("fps", 25.0))), ("active", true), ("tags", new JsonArray()));
        var after = Obj(("name", "demo"), ("attrib", Obj(("fps", 24.0))), ("active", false), ("tags", new JsonArray()));

        var events = EntityEvents.ProjectPatched("demo", before, after, new EntityEventOptions());
        var noop = EntityEvents.ProjectPatched("demo", before, before, new EntityEventOptions());

        events.Select(e => e.Topic).ShouldBe(["entity.project.attrib_changed", "entity.project.active_changed", "entity.project.changed"]);
        events.ShouldAllBe(e => e.Summary.Count == 0);
        events[1].Payload.ShouldBeJson(Obj(("oldValue", true), ("newValue", false)));
        noop.Select(e => e.Topic).ShouldBe(["entity.project.changed"]);
    }
}
