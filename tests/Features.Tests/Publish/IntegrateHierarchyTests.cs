using System.Text.Json.Nodes;
using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class IntegrateHierarchyTests
{
    private static readonly JsonObject Hierarchy = JsonNode.Parse("""
        {"show": {"entity_type": "project", "children": {
          "sq01": {"folder_type": "Sequence", "children": {"sh010": {"folder_type": "Shot"}, "sh020": {"folder_type": "Shot"}}},
          "sq02": {"folder_type": "Sequence", "children": {"sh030": {"folder_type": "Shot"}}}}}}
        """)!.AsObject();

    [Fact]
    public void ActiveNodes_KeepsOnlyActiveLeavesAndTheirParents_ParentsFirst() =>
        IntegrateHierarchy.ActiveNodes(Hierarchy, new HashSet<string> { "/sq01/sh020" }).Select(n => n.Path).ShouldBe(["/sq01", "/sq01/sh020"]);

    [Fact]
    public void DecideTaskStatus_ProfileByType() =>
        IntegrateHierarchy.DecideTaskStatus(new IntegrateHierarchyToFtrackSettings { CreateTaskStatusProfiles = [new CreateTaskStatusProfile { TaskTypes = ["Editing"], StatusName = "Ready" }] }, "edit", "Editing")
            .ShouldBe("Ready");
}
