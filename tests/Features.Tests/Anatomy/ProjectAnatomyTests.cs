using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;

namespace AyonFtrack.Features.Tests.Anatomy;

/// <summary>A project's anatomy as ayon-backend stores it in the project's <c>config</c> (its default roots and templates).</summary>
public sealed class ProjectAnatomyTests
{
    /// <summary>The config <c>anatomy_to_project_data</c> makes of the backend's default anatomy, plus a delivery template.</summary>
    public static JsonObject DefaultConfig() => JsonNode.Parse("""
        {
          "roots": {"work": {"windows": "C:/projects", "linux": "/mnt/share/projects", "darwin": "/Volumes/projects"}},
          "templates": {
            "common": {"version_padding": 3, "version": "v{version:0>{@version_padding}}", "frame_padding": 4, "frame": "{frame:0>{@frame_padding}}"},
            "work": {
              "default": {"directory": "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/work/{task[name]}", "file": "{project[code]}_{folder[name]}_{task[name]}_{@version}<_{comment}>.{ext}"}
            },
            "publish": {
              "default": {"directory": "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{product[name]}/{@version}", "file": "{project[code]}_{folder[name]}_{product[name]}_{@version}<_{output}><.{@frame}><_{udim}>.{ext}"}
            },
            "delivery": {
              "client": {"directory": "{root[work]}/{ftrack[session_name]}/{folder[name]}", "file": "{folder[name]}_{product[name]}_{@version}<.{@frame}>.{ext}"}
            }
          }
        }
        """)!.AsObject();

    private static readonly JsonObject ShotComp = JsonNode.Parse("""
        {"project": {"name": "demo_show", "code": "demo"}, "hierarchy": "sq010", "folder": {"name": "sh010"}, "task": {"name": "comp", "type": "Compositing"}}
        """)!.AsObject();

    [Fact]
    public void FromProjectConfig_DefaultAnatomy_SolvesTheCommonLinks()
    {
        var anatomy = ProjectAnatomy.FromProjectConfig("demo_show", "demo", DefaultConfig());

        anatomy.ShouldSatisfyAllConditions(
            () => anatomy.Common["version"].ShouldBe("v{version:0>3}"),
            () => anatomy.TemplateText("publish", "default", "file").ShouldBe("{project[code]}_{folder[name]}_{product[name]}_v{version:0>3}<_{output}><.{frame:0>4}><_{udim}>.{ext}"),
            () => anatomy.TemplateText("delivery", "client", "path").ShouldBe("{root[work]}/{ftrack[session_name]}/{folder[name]}/{folder[name]}_{product[name]}_v{version:0>3}<.{frame:0>4}>.{ext}"),
            () => anatomy.TemplateNames("delivery").ShouldBe(["client"]),
            () => anatomy.TemplateNames("hero").ShouldBeEmpty(),
            () => anatomy.RootNamesUsedBy("delivery").ShouldBe(["work"]));
    }

    [Theory]
    [InlineData(AnatomyPlatform.Windows, @"C:\projects\demo_show\sq010\sh010\work\comp")]
    [InlineData(AnatomyPlatform.Linux, "/mnt/share/projects/demo_show/sq010/sh010/work/comp")]
    [InlineData(AnatomyPlatform.Darwin, "/Volumes/projects/demo_show/sq010/sh010/work/comp")]
    public void Format_WorkDirectoryPerPlatform_UsesThatPlatformsRoot(AnatomyPlatform platform, string expected)
    {
        var anatomy = ProjectAnatomy.FromProjectConfig("demo_show", "demo", DefaultConfig());

        var result = anatomy.Format(anatomy.TemplateText("work", "default", "directory"), ShotComp, platform);

        AnatomyPlatforms.NormalizePath(result.Output, platform).ShouldBe(expected);
    }

    [Fact]
    public void Format_DataWithItsOwnRoot_KeepsIt()
    {
        var anatomy = ProjectAnatomy.FromProjectConfig("demo_show", "demo", DefaultConfig());
        var data = (JsonObject)ShotComp.DeepClone();
        data["root"] = new JsonObject { ["work"] = "D:/delivery" };

        anatomy.Format("{root[work]}/{folder[name]}", data, AnatomyPlatform.Windows).Output.ShouldBe("D:/delivery/sh010");
    }

    [Theory]
    [InlineData(AnatomyPlatform.Windows, "C:/projects/demo_show/sq010/sh010/publish/render/renderMain/v001/demo_sh010_renderMain_v001.1001.exr")]
    [InlineData(AnatomyPlatform.Linux, "/mnt/share/projects/demo_show/sq010/sh010/publish/render/renderMain/v001/demo_sh010_renderMain_v001.1001.exr")]
    public void FillRoot_RepresentationFile_ResolvesTheRoot(AnatomyPlatform platform, string expected)
    {
        var anatomy = ProjectAnatomy.FromProjectConfig("demo_show", "demo", DefaultConfig());

        anatomy.FillRoot("{root[work]}/demo_show/sq010/sh010/publish/render/renderMain/v001/demo_sh010_renderMain_v001.1001.exr", platform).ShouldBe(expected);
    }

    [Fact]
    public void FillRoot_UnknownRoot_NamesIt() =>
        Should.Throw<AnatomyException>(() => ProjectAnatomy.FromProjectConfig("demo_show", "demo", DefaultConfig()).FillRoot("{root[render]}/a.exr", AnatomyPlatform.Linux))
            .Message.ShouldContain("Root \"render\" is missing for project \"demo_show\"");

    [Fact]
    public void TemplateText_MissingTemplate_NamesIt() =>
        Should.Throw<AnatomyException>(() => ProjectAnatomy.FromProjectConfig("demo_show", "demo", DefaultConfig()).TemplateText("delivery", "dailies", "path"))
            .Message.ShouldBe("The anatomy of project \"demo_show\" has no template \"delivery/dailies\".");

    [Fact]
    public void FromProjectConfig_SelfLink_ThrowsNamingTheKey()
    {
        var config = DefaultConfig();
        config["templates"]!["work"]!["default"]!["file"] = "{@file}";

        Should.Throw<AnatomyException>(() => ProjectAnatomy.FromProjectConfig("demo_show", "demo", config)).Message.ShouldContain("key \"file\" of \"work/default\"");
    }

    [Fact]
    public void FromProjectConfig_LinkToAMissingKey_ThrowsNamingIt()
    {
        var config = DefaultConfig();
        config["templates"]!["work"]!["default"]!["file"] = "{@nothing}";

        Should.Throw<AnatomyException>(() => ProjectAnatomy.FromProjectConfig("demo_show", "demo", config)).Message.ShouldContain("invalid inner key \"nothing\"");
    }

    [Fact]
    public void FromProjectConfig_RootsAsAList_IsRefused() =>
        Should.Throw<AnatomyException>(() => ProjectAnatomy.FromProjectConfig("p", "p", JsonNode.Parse("""{"roots": [{"name": "work"}]}""")!.AsObject()));

    [Theory]
    [InlineData("C:/projects//demo/./a/../b/", AnatomyPlatform.Windows, @"C:\projects\demo\b")]
    [InlineData(@"\\server\share\a\..\b", AnatomyPlatform.Windows, @"\\server\share\b")]
    [InlineData("/mnt//share/./a/../b/", AnatomyPlatform.Linux, "/mnt/share/b")]
    [InlineData("a/../../b", AnatomyPlatform.Linux, "../b")]
    [InlineData("", AnatomyPlatform.Linux, ".")]
    public void NormalizePath_Platform_IsPythonsNormpath(string path, AnatomyPlatform platform, string expected) =>
        AnatomyPlatforms.NormalizePath(path, platform).ShouldBe(expected);

    [Theory]
    [InlineData(@"C:\out\sh010\a.exr", AnatomyPlatform.Windows, @"C:\out\sh010")]
    [InlineData(@"C:\a.exr", AnatomyPlatform.Windows, @"C:\")]
    [InlineData("/out/sh010/a.exr", AnatomyPlatform.Linux, "/out/sh010")]
    [InlineData("/a.exr", AnatomyPlatform.Linux, "/")]
    public void DirectoryOf_Path_IsPythonsDirname(string path, AnatomyPlatform platform, string expected) =>
        AnatomyPlatforms.DirectoryOf(path, platform).ShouldBe(expected);
}

public sealed class TemplateDataTests
{
    [Fact]
    public void Folder_NestedPath_GivesHierarchyAndParent()
    {
        var data = TemplateData.Folder("/sq010/sh010", "Shot", "demo_show");

        data.ToJsonString().ShouldBe("""{"folder":{"name":"sh010","type":"Shot","path":"/sq010/sh010","parents":["sq010"]},"hierarchy":"sq010","parent":"sq010"}""");
    }

    [Fact]
    public void Folder_TopLevel_HasTheProjectAsParent() =>
        TemplateData.Folder("/assets", "Folder", "demo_show")["parent"]!.GetValue<string>().ShouldBe("demo_show");

    [Fact]
    public void DateTime_AnInstant_GivesAyonsKeys()
    {
        var data = TemplateData.DateTime(new DateTimeOffset(2026, 3, 4, 15, 6, 7, TimeSpan.Zero));

        data.ToJsonString().ShouldBe("""{"d":"4","dd":"04","ddd":"Wed","dddd":"Wednesday","m":"3","mm":"03","mmm":"Mar","mmmm":"March","yy":"26","yyyy":"2026","H":"15","HH":"15","h":"3","hh":"03","ht":"PM","M":"6","MM":"06","S":"7","SS":"07"}""");
    }

    [Fact]
    public void Frames_SequenceAndSingleFile_ReadsTheFrames() =>
        TemplateData.Frames(["/p/sh010_v001.1001.exr", "/p/plate_0002.exr", "/p/review.mov"])
            .ShouldBe([("/p/sh010_v001.1001.exr", "1001"), ("/p/plate_0002.exr", "0002"), ("/p/review.mov", (string?)null)]);

    [Fact]
    public void Merge_NestedObjects_MergesPerKey()
    {
        var target = JsonNode.Parse("""{"folder": {"name": "a", "type": "Shot"}, "ext": "exr"}""")!.AsObject();

        TemplateData.Merge(target, JsonNode.Parse("""{"folder": {"name": "b"}, "frame": 1}""")!.AsObject())
            .ToJsonString().ShouldBe("""{"folder":{"name":"b","type":"Shot"},"ext":"exr","frame":1}""");
    }
}
