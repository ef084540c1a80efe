using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Common.Actions;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Tests.Desktop;

/// <summary>The pure rules of Sort Review, Job Killer, the thumbnail actions, Open File and Download Review Media.</summary>
public sealed class MediaActionRulesTests
{
    [Fact]
    public void SortReview_NameThenTaskNoneLastThenVersionText_ValuesGivenOutAscending()
    {
        var sorted = SortReview.Sort(
        [
            new("1", "b", "comp", "v002", 7),
            new("2", "a", null, "v001", 3),
            new("3", "a", "layout", "v001", 9),
            new("4", "a", "comp", "v010", 1),
            new("5", "a", "comp", "v002", 5),
        ]);

        sorted.OrderBy(p => p.Value).Select(p => p.Key).ShouldBe(["5", "4", "3", "2", "1"]); // "v002" before "v010": compared as text, as Python compares them
        sorted.Values.Order().ShouldBe([1d, 3, 5, 7, 9]);
    }

    [Theory]
    [InlineData("{\"description\": \"Sync to AYON\"}", "artist.two - Sync to AYON - 07.12.2026 04:05:06")]
    [InlineData("not json", "artist.two - *No description* - 07.12.2026 04:05:06")]
    [InlineData(null, "artist.two - *No description* - 07.12.2026 04:05:06")]
    public void JobKiller_Label_UserDescriptionCreated(string? data, string expected) =>
        JobKiller.Label(new JobKiller.Job("j1", "artist.two", data, new DateTimeOffset(2026, 12, 7, 4, 5, 6, TimeSpan.Zero))).ShouldBe(expected);

    [Fact]
    public void JobKiller_FormWithoutJobs_IsAMessage_TickedReadsTrueOnly()
    {
        JobKiller.Form([]).ShouldBe(ActionResult.Message(true, "Didn't found any running jobs"));
        JobKiller.Ticked(new JsonObject { ["a"] = true, ["b"] = false, ["c"] = "true" }).ShouldBe(["a"]);
    }

    [Fact]
    public void ThumbnailToChildren_ParentsWithoutThumbnailOrChildren_AreNamed()
    {
        var (changes, skipped) = ThumbnailToChildren.Plan(
        [
            new("s1", "sh010", "t1", ["c1", "c2"]),
            new("s2", "sh020", null, ["c3"]),
            new("s3", "sh030", "t3", []),
        ]);

        changes.ShouldBe(new Dictionary<string, string> { ["c1"] = "t1", ["c2"] = "t1" });
        skipped.ShouldBe(["sh020 has no thumbnail", "sh030 has no children"]);
    }

    [Fact]
    public void ThumbnailToParent_OneEntityWithoutThumbnailOrParent_ChangesNothing()
    {
        var (changes, problems) = ThumbnailToParent.Plan([new("comp", "t1", "sh010"), new("fx", null, "sh010"), new("edit v001", "t2", null)]);

        changes.ShouldBeEmpty();
        problems.ShouldBe(["fx has no thumbnail", "edit v001 has no parent"]);
        ThumbnailToParent.Plan([new("comp", "t1", "sh010")]).Changes.ShouldBe(new Dictionary<string, string> { ["sh010"] = "t1" });
    }

    [Fact]
    public void ThumbnailActions_OfferedOnContextsAndVersions_NotOnTheProject()
    {
        EventProject.SelectionItem[] shot = [new("s", "task")];
        EventProject.SelectionItem[] version = [new("v", "assetversion")];
        EventProject.SelectionItem[] project = [new("p", "show")];

        ThumbnailToChildren.Applies(shot).ShouldBeTrue();
        ThumbnailToChildren.Applies(version).ShouldBeFalse();
        ThumbnailToParent.Applies([.. shot, .. version]).ShouldBeTrue();
        ThumbnailToParent.Applies(project).ShouldBeFalse();
    }

    [Fact]
    public void OpenFile_PrefersADiskPath_ServerOnlyIsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), "proj", "v001", "main.exr");
        OpenFile.FolderOf([new(FtrackLocationIds.Server, "ftrack.server", "c1"), new("disk", "studio.disk", path)])
            .ShouldBe((Path.GetDirectoryName(path), null));
        OpenFile.FolderOf([new(FtrackLocationIds.Server, "ftrack.server", "c1")]).ShouldBe((null, "This component is stored on ftrack server!"));
        OpenFile.FolderOf([]).Refusal.ShouldBe("This component has no file in a location with a path.");
    }

    [Fact]
    public void DownloadReviewMedia_NamesAndFreePaths()
    {
        DownloadReviewMedia.BaseName("ftrackreview-mp4", "plateMain", 7).ShouldBe("plateMain_007");
        DownloadReviewMedia.BaseName("main", "plateMain", 7).ShouldBe("main");
        var taken = new HashSet<string> { Path.Combine("dl", "plateMain_007.mp4"), Path.Combine("dl", "plateMain_007 (1).mp4") };
        DownloadReviewMedia.FreePath("dl", new("c", "plateMain_007", ".mp4"), taken.Contains).ShouldBe(Path.Combine("dl", "plateMain_007 (2).mp4"));
        DownloadReviewMedia.FreePath("dl", new("c", "main", "mov"), taken.Contains).ShouldBe(Path.Combine("dl", "main.mov"));
    }
}
