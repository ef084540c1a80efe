using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Tests.Anatomy;

namespace AyonFtrack.Features.Tests.Desktop;

public sealed class CreateProjectStructureTests
{
    private const string Structure = """
        {"__project_root__": {"prod": {}, "assets[ftrack.Library]": {"characters[ftrack]": {}, "props": {}}, "shots[ftrack.Sequence]": {"editorial[ftrack.Folder]": {}, "scripts": []},
         "edit": ["a", "b"]}}
        """;

    [Fact]
    public void BasicPaths_Structure_ListsEveryLeafWithItsParents()
    {
        var paths = CreateProjectStructure.BasicPaths(JsonValue.Create(Structure));

        paths.Select(p => string.Join('/', p)).ShouldBe(
        [
            "__project_root__/prod",
            "__project_root__/assets[ftrack.Library]/characters[ftrack]",
            "__project_root__/assets[ftrack.Library]/props",
            "__project_root__/shots[ftrack.Sequence]/editorial[ftrack.Folder]",
            "__project_root__/shots[ftrack.Sequence]/scripts",
            "__project_root__/edit/a",
            "__project_root__/edit/b",
        ]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void BasicPaths_Unset_IsEmpty(string structure) =>
        CreateProjectStructure.BasicPaths(JsonValue.Create(structure)).ShouldBeEmpty();

    [Fact]
    public void BasicPaths_NotJson_NamesTheSetting() =>
        Should.Throw<FormatException>(() => CreateProjectStructure.BasicPaths(JsonValue.Create("{\"prod\": "))).Message.ShouldStartWith("core's project_folder_structure is not valid JSON");

    [Fact]
    public void FtrackItems_Structure_KeepsTaggedItemsAndTheirParentsTyped()
    {
        var items = CreateProjectStructure.FtrackItems(CreateProjectStructure.BasicPaths(JsonValue.Create(Structure)));

        items.Select(i => $"{i.Name}:{i.EntityType}[{string.Join(",", i.Children.Select(c => $"{c.Name}:{c.EntityType}"))}]")
            .ShouldBe(["assets:Library[characters:Folder]", "shots:Sequence[editorial:Folder]"]);
    }

    [Theory]
    [InlineData(AnatomyPlatform.Windows, @"C:\projects\demo_show\assets\props")]
    [InlineData(AnatomyPlatform.Linux, "/mnt/share/projects/demo_show/assets/props")]
    public void DiskPaths_ProjectRoot_UnderEachExistingRootWithoutTags(AnatomyPlatform platform, string props)
    {
        var anatomy = ProjectAnatomy.FromProjectConfig("demo_show", "demo", ProjectAnatomyTests.DefaultConfig());
        var paths = CreateProjectStructure.BasicPaths(JsonValue.Create(Structure));

        var disk = CreateProjectStructure.DiskPaths(anatomy, platform, paths, ["work"]);

        disk.ShouldSatisfyAllConditions(
            () => disk.Count.ShouldBe(7),
            () => disk.ShouldContain(props),
            () => disk.ShouldNotContain(d => d.Contains('[', StringComparison.Ordinal)));
        CreateProjectStructure.DiskPaths(anatomy, platform, paths, []).ShouldBeEmpty();
    }

    [Fact]
    public void DiskPaths_UnknownKey_Throws() =>
        Should.Throw<AnatomyException>(() => CreateProjectStructure.DiskPaths(
            ProjectAnatomy.FromProjectConfig("demo_show", "demo", ProjectAnatomyTests.DefaultConfig()), AnatomyPlatform.Linux, [["{studio[code]}", "x"]], ["work"]))
            .Message.ShouldContain("{studio[code]}/x");
}
