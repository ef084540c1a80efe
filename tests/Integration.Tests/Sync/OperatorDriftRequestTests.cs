using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Sync;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Sync;

/// <summary>The processor's answer to the operator page's drift request, over both emulators through the real clients.</summary>
public sealed class OperatorDriftRequestTests
{
    private static Task<DispatchReport> RequestAsync(SyncWorld world, string requestId, string project) =>
        world.Services.GetRequiredService<SliceDispatcher>().DispatchAsync(
            DriftRequest.Topic,
            FtrackEvent.Create(requestId, DriftRequest.Topic, new JsonObject { ["project"] = project }),
            CancellationToken.None);

    private static async Task<AyonEventRow> ReportAsync(SyncWorld world, string requestId) =>
        (await world.World.Ayon.GetEventsAsync(DriftRequest.ReportTopic, CancellationToken.None)).Single(e => e.Summary["requestId"]?.GetValue<string>() == requestId);

    [Fact]
    public async Task Request_LabelChangedInAyonOnly_ReportsTheNameDifferenceWithBothEntities()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();
        var (_, ayon, _, scope) = world.Scope();
        string folderId;
        await using (scope)
        {
            var folder = (await ayon.ListFoldersAsync(SyncWorld.ProjectName, new FolderFilter(), CancellationToken.None)).Single(f => f.FtrackId == world.Shot1Id);
            folderId = folder.Id;
            await ayon.UpdateFolderAsync(SyncWorld.ProjectName, folder.Id, new JsonObject { ["label"] = "sh010 renamed in AYON" }, CancellationToken.None);
        }

        var dispatched = await RequestAsync(world, "req-drift", SyncWorld.ProjectName);

        dispatched.Succeeded.ShouldBeTrue(dispatched.FailureSummary);
        var report = await ReportAsync(world, "req-drift");
        report.Project.ShouldBe(SyncWorld.ProjectName);
        report.Status.ShouldBe(AyonEventStatus.Finished);
        var payload = report.Payload;
        payload["error"].ShouldBeNull();
        payload["ftrackProjectId"]!.GetValue<string>().ShouldBe(world.ProjectId);
        payload["ftrackServer"]!.GetValue<string>().ShouldBe(world.World.Ftrack.BaseUrl.GetLeftPart(UriPartial.Authority));
        var items = payload["items"]!.AsArray();
        items.Count.ShouldBe(1, string.Join("; ", items.Select(i => i!.ToJsonString())));
        var item = items[0]!;
        item["kind"]!.GetValue<string>().ShouldBe("Name");
        item["path"]!.GetValue<string>().ShouldBe("sq01/sh010");
        item["ftrack"]!["id"]!.GetValue<string>().ShouldBe(world.Shot1Id);
        item["ayon"]!["id"]!.GetValue<string>().ShouldBe(folderId);
        item["ayon"]!["type"]!.GetValue<string>().ShouldBe("folder");
    }

    [Fact]
    public async Task Request_InSync_ReportsNoDifferenceAndTheAutoSyncValue()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();

        (await RequestAsync(world, "req-clean", SyncWorld.ProjectName)).Succeeded.ShouldBeTrue();

        var report = await ReportAsync(world, "req-clean");
        report.Description.ShouldBe($"Drift report of {SyncWorld.ProjectName}: AYON equals ftrack");
        report.Payload["items"]!.AsArray().ShouldBeEmpty();
        report.Payload["autoSync"]!.GetValue<bool>().ShouldBeTrue(); // the world's ftrack project has auto_sync_enabled on
    }

    [Fact]
    public async Task Request_ProjectUnknownToFtrack_AnswersWithTheReasonInsteadOfFailing()
    {
        await using var world = await SyncWorld.StartAsync();

        var dispatched = await RequestAsync(world, "req-missing", "no_such_show");

        dispatched.Succeeded.ShouldBeTrue(dispatched.FailureSummary);
        var report = await ReportAsync(world, "req-missing");
        report.Summary["error"]!.GetValue<string>().ShouldContain("no_such_show");
        report.Project.ShouldBeNull();
    }

    [Fact]
    public async Task Request_Repeated_ReplacesTheSameReportEvent()
    {
        await using var world = await SyncWorld.StartAsync();
        await world.FullSyncAsync();

        (await RequestAsync(world, "req-twice", SyncWorld.ProjectName)).Succeeded.ShouldBeTrue();
        (await RequestAsync(world, "req-twice", SyncWorld.ProjectName)).Succeeded.ShouldBeTrue();

        (await world.World.Ayon.GetEventsAsync(DriftRequest.ReportTopic, CancellationToken.None)).Count(e => e.Summary["requestId"]?.GetValue<string>() == "req-twice").ShouldBe(1);
    }
}
