using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Transmit;

namespace AyonFtrack.Features.Tests.Transmit;

/// <summary>AYON's wire models of the five entity types → the transmitter's <see cref="AyonEntityState"/>, field by field.</summary>
public sealed class AyonEntityStateMappingTests
{
    private static readonly JsonObject Attrib = new() { ["ftrackId"] = "ft-1", ["fps"] = 25 };

    [Fact]
    public void From_Folder_KeepsItsIdsNameStatusAndTypeAndSharesTheAttributes()
    {
        var folder = new FolderModel
        {
            Id = "f-1", Name = "sh010", Label = "Shot 10", FolderType = "Shot", ParentId = "f-0", Status = "In progress",
            Attrib = Attrib, OwnAttrib = ["fps"], ThumbnailId = "th-1",
        };

        var state = AyonEntityStateMapping.From(folder);

        state.ShouldBe(new AyonEntityState("folder", "f-1", "sh010", "Shot 10", "f-0", "In progress", Attrib, state.OwnAttrib, "Shot", state.Assignees, "th-1"));
        state.OwnAttrib.ShouldBe(["fps"]);
        state.Assignees.ShouldBeEmpty();
        state.Attrib.ShouldBeSameAs(Attrib);
        state.FtrackId.ShouldBe("ft-1");
        state.VersionNumber.ShouldBeNull();
    }

    [Fact]
    public void From_Task_TakesItsFolderAsParentAndItsAssignees()
    {
        var task = new TaskModel { Id = "t-1", Name = "anim", Label = null, TaskType = "Animation", FolderId = "f-1", Assignees = ["ann", "bob"], Status = "Done", Attrib = Attrib, ThumbnailId = "th-3" };

        var state = AyonEntityStateMapping.From(task);

        (state.EntityType, state.Id, state.Name, state.ParentId, state.SubType, state.Status, state.ThumbnailId).ShouldBe(("task", "t-1", "anim", "f-1", "Animation", "Done", "th-3"));
        state.Assignees.ShouldBe(["ann", "bob"]);
        state.Label.ShouldBeNull();
    }

    [Fact]
    public void From_Version_IsNamedByItsNumberUnderItsProduct()
    {
        var version = new VersionModel { Id = "v-1", Version = 7, ProductId = "p-1", TaskId = "t-1", ThumbnailId = "th-2", Status = "Approved", Attrib = Attrib };

        var state = AyonEntityStateMapping.From(version);

        (state.EntityType, state.Id, state.Name, state.Label, state.ParentId, state.SubType, state.ThumbnailId, state.VersionNumber)
            .ShouldBe(("version", "v-1", "v007", (string?)null, "p-1", "t-1", "th-2", (int?)7));
        state.Status.ShouldBe("Approved");
        state.Assignees.ShouldBeEmpty();
    }

    [Fact]
    public void From_ProductAndProject_FillWhatTheyHaveAndLeaveTheRestEmpty()
    {
        var product = AyonEntityStateMapping.From(new ProductModel { Id = "p-1", Name = "modelMain", FolderId = "f-1", ProductType = "model", Status = "wip" });
        var project = AyonEntityStateMapping.From(new ProjectModel { Name = "demo", Code = "dm", Label = "Demo", Attrib = Attrib });

        (product.EntityType, product.Id, product.Name, product.ParentId, product.SubType, product.Status, product.Label, product.ThumbnailId)
            .ShouldBe(("product", "p-1", "modelMain", "f-1", "model", "wip", (string?)null, (string?)null));
        (project.EntityType, project.Id, project.Name, project.Label, project.ParentId, project.Status, project.SubType, project.ThumbnailId)
            .ShouldBe(("project", "demo", "demo", "Demo", (string?)null, (string?)null, (string?)null, (string?)null));
        project.FtrackId.ShouldBe("ft-1");
        project.Assignees.ShouldBeEmpty();
    }
}
