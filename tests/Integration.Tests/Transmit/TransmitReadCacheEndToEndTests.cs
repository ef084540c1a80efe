using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// <see cref="TransmitReadCache"/> in the real in-process transmitter over both emulators: the slow-changing reads are
/// made once per TTL instead of once per change (counted on the emulators), a settings change takes effect after the
/// TTL, and a status or attribute configuration added in ftrack since the read is found by the re-read on a miss.
/// </summary>
public sealed class TransmitReadCacheEndToEndTests
{
    private const int Rounds = 4;
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>No comment sync run during a measurement (its first run is an hour after start).</summary>
    private static readonly string[] Quiet = ["--CommentSync:Interval", "01:00:00"];

    private sealed record Counts(long Ftrack, long Settings, long Attributes);

    [Fact]
    public async Task StatusAndAttributeChanges_CacheOn_MakeFewerRequestsThanCacheOff()
    {
        await using var w = await TransmitterWorld.StartAsync();

        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "00:00:00"]);
        var uncached = await MeasureAsync(w, 1000, "Approved");
        await w.StopTransmitterAsync();

        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "01:00:00"]);
        var cached = await MeasureAsync(w, 2000, "In progress");

        var report = $"uncached {uncached}, cached {cached} over {Rounds} status + {Rounds} attribute changes";
        uncached.Settings.ShouldBe(Rounds, report);
        uncached.Attributes.ShouldBe(Rounds, report);
        cached.Settings.ShouldBe(0, report);
        cached.Attributes.ShouldBe(0, report);
        (cached.Ftrack * 2).ShouldBeLessThanOrEqualTo(uncached.Ftrack, report);
        w.Ftrack.GetCustomAttributeValue(w.FstartConfiguration, w.FtrackShotId)!.GetValue<double>().ShouldBe(2000 + Rounds - 1);
    }

    [Fact]
    public async Task ProjectDisabledInAyonSettings_AfterTtl_ChangesNoLongerPushed()
    {
        await using var w = await TransmitterWorld.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "00:01:00"], services => services.AddSingleton(provider => new TransmitReadCache(
            time,
            provider.GetRequiredService<IOptions<TransmitOptions>>(),
            provider.GetRequiredService<FtrackConnection>(),
            provider.GetRequiredService<ILogger<TransmitReadCache>>())));

        await SetFrameStartAsync(w, 3001);
        Fstart(w).ShouldBe(3001);

        await w.AyonEmulator.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", TransmitterWorld.Project, new JsonObject { ["enabled"] = false }, None);
        await SetFrameStartAsync(w, 3002);
        Fstart(w).ShouldBe(3002, "within the TTL the cached settings (enabled) still apply");

        time.Advance(TimeSpan.FromMinutes(1));
        await SetFrameStartAsync(w, 3003);
        Fstart(w).ShouldBe(3002, "after the TTL the project's settings are read again: ftrack is disabled for it");

        await w.AyonEmulator.SetProjectAddonSettingsAsync("ftrack", ServiceWorld.AddonVersion, "production", TransmitterWorld.Project, new JsonObject { ["enabled"] = true }, None);
        time.Advance(TimeSpan.FromMinutes(1));
        await SetFrameStartAsync(w, 3004);
        Fstart(w).ShouldBe(3004);
    }

    [Fact]
    public async Task StatusAddedToFtrackWorkflow_WhileCached_IsFoundBySecondRead()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "01:00:00"]);
        await SetTaskStatusAsync(w, "Approved");
        TaskStatus(w).ShouldBe(w.Ftrack.StatusId("Approved"));

        var added = w.Ftrack.AddStatus("Ready to start");
        await SetTaskStatusAsync(w, "Ready to start");

        TaskStatus(w).ShouldBe(added);
    }

    [Fact]
    public async Task AttributeConfigurationAddedInFtrack_WhileCached_IsFoundBySecondRead()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "01:00:00"]);
        await SetFrameStartAsync(w, 4001);
        Fstart(w).ShouldBe(4001);

        var fend = w.Ftrack.AddCustomAttribute("fend", "number", entityType: "task", objectTypeId: w.Ftrack.ObjectTypeId("Shot"));
        await w.Ayon.UpdateFolderAsync(TransmitterWorld.Project, w.FolderId, new JsonObject { ["attrib"] = new JsonObject { ["frameEnd"] = 4100 } }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.attrib_changed")).Id);

        w.Ftrack.GetCustomAttributeValue(fend, w.FtrackShotId)!.GetValue<double>().ShouldBe(4100);
    }

    [Fact]
    public async Task TaskTypeAddedInFtrack_WhileCached_IsFoundBySecondRead()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "01:00:00"]);
        await SetTaskTypeAsync(w, "Animation");
        TaskType(w).ShouldBe(w.Ftrack.TypeId("Animation"));

        var art = w.Ftrack.AddType("Art");
        await SetTaskTypeAsync(w, "Art");

        TaskType(w).ShouldBe(art);
    }

    [Fact]
    public async Task ProjectChangedInAyon_CachedFtrackProject_IsReadAgain()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync([.. Quiet, "--Transmitter:ReadCacheTtl", "01:00:00"]);
        await SetTaskStatusAsync(w, "Approved");
        var cachedQueries = await CountQueriesAsync(w, () => SetTaskStatusAsync(w, "In progress"));

        await w.Ayon.PatchProjectAsync(TransmitterWorld.Project, new AyonFtrack.Features.Ayon.Entities.ProjectPatch { Attrib = new JsonObject { ["fps"] = 30 } }, None);
        // A project PATCH stores two events, entity.project.attrib_changed and then entity.project.changed (whose
        // PushAttributes reads ftrack too): both jobs end before the count starts, or under load the second one runs
        // inside the counted window and its reads are counted as the status change's.
        await w.WaitForJobAsync((await w.LastEventAsync("entity.project.attrib_changed")).Id);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.project.changed")).Id);
        var afterProjectChange = await CountQueriesAsync(w, () => SetTaskStatusAsync(w, "Approved"));

        TaskStatus(w).ShouldBe(w.Ftrack.StatusId("Approved"));
        afterProjectChange.ShouldBe(cachedQueries + 1, "after the AYON project changed, its ftrack project is queried again (once)");
    }

    /// <summary>
    /// A warm-up status and attribute change, then <see cref="Rounds"/> of each (statuses alternating, so every one is a
    /// change), counting the requests they make.
    /// </summary>
    private static async Task<Counts> MeasureAsync(TransmitterWorld w, int frameBase, string warmUpStatus)
    {
        var other = warmUpStatus == "Approved" ? "In progress" : "Approved";
        await SetTaskStatusAsync(w, warmUpStatus);
        await SetFrameStartAsync(w, frameBase - 1);
        var before = Snapshot(w);
        for (var round = 0; round < Rounds; round++)
        {
            await SetTaskStatusAsync(w, round % 2 == 0 ? other : warmUpStatus);
            await SetFrameStartAsync(w, frameBase + round);
        }

        var after = Snapshot(w);
        TaskStatus(w).ShouldBe(w.Ftrack.StatusId(warmUpStatus));
        return new Counts(after.Ftrack - before.Ftrack, after.Settings - before.Settings, after.Attributes - before.Attributes);
    }

    private static async Task<long> CountQueriesAsync(TransmitterWorld w, Func<Task> act)
    {
        var before = w.Ftrack.GetActionCount("query");
        await act();
        return w.Ftrack.GetActionCount("query") - before;
    }

    private static Counts Snapshot(TransmitterWorld w) => new(
        w.Ftrack.ApiRequestCount,
        w.AyonEmulator.RequestCount("GET", $"/api/addons/ftrack/{ServiceWorld.AddonVersion}/settings/{TransmitterWorld.Project}"),
        w.AyonEmulator.RequestCount("GET", "/api/attributes"));

    private static async Task SetTaskStatusAsync(TransmitterWorld w, string status)
    {
        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["status"] = status }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.status_changed")).Id);
    }

    private static async Task SetFrameStartAsync(TransmitterWorld w, int value)
    {
        await w.Ayon.UpdateFolderAsync(TransmitterWorld.Project, w.FolderId, new JsonObject { ["attrib"] = new JsonObject { ["frameStart"] = value } }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.folder.attrib_changed")).Id);
    }

    private static async Task SetTaskTypeAsync(TransmitterWorld w, string type)
    {
        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["taskType"] = type }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.type_changed")).Id);
    }

    private static string TaskType(TransmitterWorld w) => w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["type_id"]!.GetValue<string>();

    private static double Fstart(TransmitterWorld w) => w.Ftrack.GetCustomAttributeValue(w.FstartConfiguration, w.FtrackShotId)!.GetValue<double>();

    private static string TaskStatus(TransmitterWorld w) => w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["status_id"]!.GetValue<string>();
}
