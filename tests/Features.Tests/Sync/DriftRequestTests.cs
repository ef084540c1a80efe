using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class DriftRequestTests
{
    private static FtrackEvent Request(JsonObject data) =>
        FtrackEvent.Create("req-1", DriftRequest.Topic, data, new JsonObject { ["user"] = new JsonObject { ["username"] = "admin" } });

    [Fact]
    public void From_PageRequest_ReadsProjectAndRequestId()
    {
        DriftRequest.From(Request(new JsonObject { ["project"] = "show" })).ShouldBe(new DriftRequest.Command("req-1", "show"));
    }

    [Fact]
    public void From_OtherTopic_ReturnsNull()
    {
        DriftRequest.From(FtrackEvent.Create("e-1", "ftrack.update", new JsonObject { ["project"] = "show" })).ShouldBeNull();
    }

    [Fact]
    public void From_RequestWithoutProject_IsRoutedWithEmptyProjectForTheValidator()
    {
        var command = DriftRequest.From(Request([]))!;

        command.Project.ShouldBe("");
        var result = new DriftRequest.Validator().Validate(command);
        result.Errors.Select(e => e.ErrorMessage).ShouldContain("the drift request names no project");
    }

    [Fact]
    public void Validator_ProjectNameWithSlash_IsRefused()
    {
        var result = new DriftRequest.Validator().Validate(new DriftRequest.Command("req-1", "../show"));

        result.IsValid.ShouldBeFalse();
        result.Errors.Single().ErrorMessage.ShouldBe("'../show' is not an AYON project name");
    }

    [Fact]
    public void Validator_GoodRequest_Passes()
    {
        new DriftRequest.Validator().Validate(new DriftRequest.Command("req-1", "demo_show")).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Decide_RenameThatDidNotArrive_ListsItWithTheEntityOfBothSides()
    {
        var ftrack = SyncStates.Ftrack(
        [
            SyncStates.Context("sq-1", "sq010", SyncStates.ProjectId, "Sequence", null, "sq010"),
            SyncStates.Context("sh-1", "sh010", "sq-1", "Shot", null, "sq010", "sh010"),
        ]);
        var ayon = SyncStates.Ayon(
        [
            SyncStates.Folder("f-sq", "sq010", null, "sq-1", "/sq010", "Sequence"),
            SyncStates.Folder("f-sh", "sh999", "f-sq", "sh-1", "/sq010/sh999"),
        ]);
        var items = DriftReport.Compare(ftrack, ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        var report = DriftRequest.Decide(new DriftRequest.ReportFacts("req-1", "show", "https://ftrack.test", SyncStates.ProjectId, true, null), items, DriftRequest.Index(ftrack, ayon), "ftrack-processor");

        report.Topic.ShouldBe(DriftRequest.ReportTopic);
        report.Hash.ShouldBe($"{DriftRequest.ReportTopic}.req-1");
        report.Project.ShouldBe("show");
        report.Summary!["requestId"]!.GetValue<string>().ShouldBe("req-1");
        var name = report.Payload!["items"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == nameof(DriftKind.Name))!;
        name["path"]!.GetValue<string>().ShouldBe("sq010/sh010");
        name["ftrack"]!["id"]!.GetValue<string>().ShouldBe("sh-1");
        name["ayon"]!["id"]!.GetValue<string>().ShouldBe("f-sh");
        name["ayon"]!["path"]!.GetValue<string>().ShouldBe("/sq010/sh999");
        report.Payload["autoSync"]!.GetValue<bool>().ShouldBeTrue();
        report.Payload["ftrackServer"]!.GetValue<string>().ShouldBe("https://ftrack.test");
        report.Payload["count"]!.GetValue<int>().ShouldBe(items.Count);
    }

    [Fact]
    public void Decide_ExtraAyonFolder_LinksOnlyTheAyonSide()
    {
        var ftrack = SyncStates.Ftrack([SyncStates.Context("sq-1", "sq010", SyncStates.ProjectId, "Sequence", null, "sq010")]);
        var ayon = SyncStates.Ayon(
        [
            SyncStates.Folder("f-sq", "sq010", null, "sq-1", "/sq010", "Sequence"),
            SyncStates.Folder("f-x", "stray", null, null, "/stray"),
        ]);
        var items = DriftReport.Compare(ftrack, ayon, new Dictionary<string, Server.CustomAttributes.AttributeMappingEntry>());

        var report = DriftRequest.Decide(new DriftRequest.ReportFacts("req-1", "show", null, SyncStates.ProjectId, false, null), items, DriftRequest.Index(ftrack, ayon), "p");

        var extra = report.Payload!["items"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == nameof(DriftKind.Extra))!;
        extra["ftrack"].ShouldBeNull();
        extra["ayon"]!["id"]!.GetValue<string>().ShouldBe("f-x");
    }

    [Fact]
    public void Decide_Error_SaysItInDescriptionAndSummaryWithoutProject()
    {
        var report = DriftRequest.Decide(
            new DriftRequest.ReportFacts("req-1", "nope", null, null, null, "ftrack has no project named 'nope'"), [], DriftRequest.EntityIndex.Empty, "p");

        report.ShouldSatisfyAllConditions(
            () => report.Description.ShouldBe("Drift report of nope: ftrack has no project named 'nope'"),
            () => report.Summary!["error"]!.GetValue<string>().ShouldBe("ftrack has no project named 'nope'"),
            () => report.Project.ShouldBeNull(),
            () => report.Payload!["items"]!.AsArray().ShouldBeEmpty());
    }

    [Fact]
    public void Decide_MoreThanTheLimit_ListsTheLimitAndCountsAll()
    {
        var items = Enumerable.Range(0, DriftRequest.MaxItems + 3).Select(i => new DriftItem(DriftKind.Missing, $"sq/{i}", "folder")).ToList();

        var report = DriftRequest.Decide(new DriftRequest.ReportFacts("r", "show", null, "p", false, null), items, DriftRequest.EntityIndex.Empty, "p");

        report.Payload!["items"]!.AsArray().Count.ShouldBe(DriftRequest.MaxItems);
        report.Payload["count"]!.GetValue<int>().ShouldBe(DriftRequest.MaxItems + 3);
        report.Payload["truncated"]!.GetValue<bool>().ShouldBeTrue();
    }
}
