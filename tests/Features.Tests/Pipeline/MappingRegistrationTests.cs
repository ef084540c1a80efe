using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Transmit;
using Mapster;
using MapsterMapper;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Pipeline;

/// <summary>
/// The Mapster configuration of the built-in slices compiles with unmapped members refused (what the host does at start),
/// and maps AYON's wire models to the transmitter's entity state field by field.
/// </summary>
public sealed class MappingRegistrationTests
{
    private static readonly IMapper Mapper = new ServiceCollection()
        .AddSliceMapping([new TransmitModule()], AyonEntityStateMapping.Register).BuildServiceProvider().GetRequiredService<IMapper>();

    private static readonly JsonObject Attrib = new() { ["ftrackId"] = "ft-1", ["fps"] = 25 };

    [Fact]
    public void BuildMappingConfig_BuiltInMappings_CompileWithUnmappedMembersRefused()
    {
        var config = MappingRegistration.BuildMappingConfig([typeof(TransmitModule).Assembly], AyonEntityStateMapping.Register);

        config.RequireDestinationMemberSource.ShouldBeTrue();
        config.RuleMap.Keys.ShouldContain(k => k.Source == typeof(VersionModel) && k.Destination == typeof(AyonEntityState));
    }

    [Fact]
    public void BuildMappingConfig_AMappingWithAnUnfilledMember_FailsNamingTheTypes()
    {
        var error = Should.Throw<InvalidOperationException>(() => MappingRegistration.BuildMappingConfig([typeof(IncompleteMapping).Assembly]));

        error.Message.ShouldContain("do not compile");
        error.Message.ShouldContain(nameof(MappedRecord));
    }

    [Fact]
    public void Map_Folder_KeepsItsIdsNameStatusAndTypeAndSharesTheAttributes()
    {
        var folder = new FolderModel
        {
            Id = "f-1", Name = "sh010", Label = "Shot 10", FolderType = "Shot", ParentId = "f-0", Status = "In progress",
            Attrib = Attrib, OwnAttrib = ["fps"], ThumbnailId = "th-1",
        };

        var state = Mapper.Map<FolderModel, AyonEntityState>(folder);

        state.ShouldBe(new AyonEntityState("folder", "f-1", "sh010", "Shot 10", "f-0", "In progress", Attrib, state.OwnAttrib, "Shot", state.Assignees, "th-1"));
        state.OwnAttrib.ShouldBe(["fps"]);
        state.Assignees.ShouldBeEmpty();
        state.Attrib.ShouldBeSameAs(Attrib);
        state.FtrackId.ShouldBe("ft-1");
        state.VersionNumber.ShouldBeNull();
    }

    [Fact]
    public void Map_Task_TakesItsFolderAsParentAndItsAssignees()
    {
        var task = new TaskModel { Id = "t-1", Name = "anim", Label = null, TaskType = "Animation", FolderId = "f-1", Assignees = ["ann", "bob"], Status = "Done", Attrib = Attrib };

        var state = Mapper.Map<TaskModel, AyonEntityState>(task);

        (state.EntityType, state.Id, state.Name, state.ParentId, state.SubType, state.Status).ShouldBe(("task", "t-1", "anim", "f-1", "Animation", "Done"));
        state.Assignees.ShouldBe(["ann", "bob"]);
        state.ThumbnailId.ShouldBeNull();
    }

    [Fact]
    public void Map_Version_IsNamedByItsNumberUnderItsProduct()
    {
        var version = new VersionModel { Id = "v-1", Version = 7, ProductId = "p-1", TaskId = "t-1", ThumbnailId = "th-2", Status = "Approved", Attrib = Attrib };

        var state = Mapper.Map<VersionModel, AyonEntityState>(version);

        (state.EntityType, state.Name, state.Label, state.ParentId, state.SubType, state.ThumbnailId, state.VersionNumber).ShouldBe(("version", "v007", (string?)null, "p-1", "t-1", "th-2", (int?)7));
    }

    [Fact]
    public void Map_ProductAndProject_FillWhatTheyHaveAndLeaveTheRestEmpty()
    {
        var product = Mapper.Map<ProductModel, AyonEntityState>(new ProductModel { Id = "p-1", Name = "modelMain", FolderId = "f-1", ProductType = "model", Status = "wip" });
        var project = Mapper.Map<ProjectModel, AyonEntityState>(new ProjectModel { Name = "demo", Code = "dm", Label = "Demo", Attrib = Attrib });

        (product.EntityType, product.Id, product.ParentId, product.SubType, product.Status, product.Label, product.ThumbnailId).ShouldBe(("product", "p-1", "f-1", "model", "wip", (string?)null, (string?)null));
        (project.EntityType, project.Id, project.Name, project.Label, project.ParentId, project.Status, project.SubType).ShouldBe(("project", "demo", "demo", "Demo", (string?)null, (string?)null, (string?)null));
        project.FtrackId.ShouldBe("ft-1");
    }
}

/// <summary>A record the incomplete mapping below cannot fill (<c>Extra</c> has no source).</summary>
public sealed record MappedRecord(string Id, string Extra);

/// <summary>The control of the validation: scanned from this assembly only by the test that expects it to fail.</summary>
public sealed class IncompleteMapping : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<FolderModel, MappedRecord>();
}
