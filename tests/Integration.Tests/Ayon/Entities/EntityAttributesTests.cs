using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.Entities;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>Pure attribute rules of ayon-protocol.md §3.1.</summary>
public sealed class EntityAttributesTests
{
    private static readonly IReadOnlyList<EntityAttribute> Attributes =
    [
        new("fps", new HashSet<string> { "project", "folder", "task" }, true),
        new("frameStart", new HashSet<string> { "project", "folder", "task" }, true),
        new("ftrackId", new HashSet<string> { "project", "folder", "task", "version" }, false),
        new("email", new HashSet<string> { "user" }, false),
    ];

    [Fact]
    public void FilterToScope_KeysOutsideTheEntityScope_AreDropped()
    {
        var filtered = EntityAttributes.FilterToScope(Obj(("fps", 24.0), ("email", "a@b"), ("nope", 1), ("ftrackId", null)), "folder", Attributes);

        filtered.ShouldBeJson(Obj(("fps", 24.0), ("ftrackId", null)));
    }

    [Fact]
    public void MergeOwn_NullValue_RemovesTheKey()
    {
        var merged = EntityAttributes.MergeOwn(Obj(("fps", 24.0), ("ftrackId", "f")), Obj(("ftrackId", null), ("frameStart", 1)));

        merged.ShouldBeJson(Obj(("fps", 24.0), ("frameStart", 1)));
    }

    [Fact]
    public void Effective_ProjectParentsAndOwn_InheritOnlyInheritableInScope()
    {
        var effective = EntityAttributes.Effective(
            [Obj(("fps", 25.0), ("ftrackId", "p")), Obj(("frameStart", 1001)), null, Obj(("fps", 30.0))],
            Obj(("ftrackId", "t")),
            "task",
            Attributes);

        effective.ShouldBeJson(Obj(("fps", 30.0), ("frameStart", 1001), ("ftrackId", "t")));
        EntityAttributes.Effective([Obj(("fps", 25.0), ("ftrackId", "p"))], null, "version", Attributes).ShouldBeJson(new JsonObject());
    }
}
