using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Tests.Anatomy;
using AyonFtrack.Features.Tests.Fakes;

namespace AyonFtrack.Features.Tests.Desktop;

public sealed class CreateFoldersTests
{
    private static ProjectAnatomy Anatomy() => ProjectAnatomy.FromProjectConfig("demo_show", "demo", ProjectAnatomyTests.DefaultConfig());

    private static readonly CreateFolders.Folder Shot = new(["demo", "sq010", "sh010"], [("comp", "Compositing"), ("fx", "FX")]);

    [Theory]
    [InlineData(AnatomyPlatform.Windows, @"C:\projects\demo_show\sq010\sh010\work\comp", @"C:\projects\demo_show\sq010\sh010\publish")]
    [InlineData(AnatomyPlatform.Linux, "/mnt/share/projects/demo_show/sq010/sh010/work/comp", "/mnt/share/projects/demo_show/sq010/sh010/publish")]
    public void Directories_ShotWithTasks_WorkPerTaskAndPublishCutAtTheFirstUnfilledKey(AnatomyPlatform platform, string firstWork, string publish)
    {
        var directories = CreateFolders.Directories(Anatomy(), platform, [Shot]);

        directories.ShouldSatisfyAllConditions(
            () => directories[0].ShouldBe(firstWork),
            () => directories[1].ShouldBe(publish),
            () => directories.Count.ShouldBe(3));
    }

    [Fact]
    public void Directories_FolderWithoutTasks_CutsBothAtTheTask()
    {
        var directories = CreateFolders.Directories(Anatomy(), AnatomyPlatform.Linux, [new CreateFolders.Folder(["demo", "sq010"], [])]);

        directories.ShouldBe(["/mnt/share/projects/demo_show/sq010/work", "/mnt/share/projects/demo_show/sq010/publish"]);
    }

    [Fact]
    public void Directories_AnatomyWithoutAWorkTemplate_NamesIt()
    {
        var config = ProjectAnatomyTests.DefaultConfig();
        config["templates"]!.AsObject().Remove("work");

        Should.Throw<AnatomyException>(() => CreateFolders.Directories(ProjectAnatomy.FromProjectConfig("demo_show", "demo", config), AnatomyPlatform.Linux, [Shot]))
            .Message.ShouldBe("The anatomy of project \"demo_show\" has no template \"work/default\".");
    }

    [Theory]
    [InlineData(AnatomyPlatform.Windows)]
    [InlineData(AnatomyPlatform.Linux)]
    public void Create_SomeExist_CreatesTheOthers(AnatomyPlatform platform)
    {
        var disk = new FakeDesktopFiles(platform);
        var directories = CreateFolders.Directories(Anatomy(), platform, [Shot]);
        disk.CreateDirectory(directories[0]);

        CreateFolders.Create(directories, disk).ShouldBe(2);
        directories.ShouldAllBe(d => disk.DirectoryExists(d));
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)]
    public void Form_Selection_AsksOnlyWhenNotAllAreTasks(bool onlyTasks, bool isProject, bool expectsForm)
    {
        var form = CreateFolders.Form(onlyTasks, isProject);

        (form is ActionResult.FormResult).ShouldBe(expectsForm);
        if (isProject)
        {
            ((ActionResult.FormResult)form!).Items[0]["value"]!.GetValue<string>().ShouldContain("Project root won't be created if not checked");
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("""{"with_interface": false}""", true)]
    [InlineData("""{"with_interface": true, "children_included": false}""", false)]
    [InlineData("""{"with_interface": true, "children_included": true}""", true)]
    public void WithChildren_Values_ReadsTheChoice(string? values, bool expected) =>
        CreateFolders.WithChildren(values is null ? null : JsonNode.Parse(values)!.AsObject()).ShouldBe(expected);

    [Theory]
    [InlineData("task", true)]
    [InlineData("show", true)]
    [InlineData("assetversion", false)]
    public void Applies_Selection_NeedsATaskOrTheProject(string type, bool expected) =>
        CreateFolders.Applies([new EventProject.SelectionItem("id", type)]).ShouldBe(expected);
}
