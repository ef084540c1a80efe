using AyonFtrack.Features.Ftrack;
using AyonFtrack.Integration.Tests.EndToEnd;
using static AyonFtrack.Integration.Tests.EndToEnd.FtrackShow;

namespace AyonFtrack.Integration.Tests.Automations;

/// <summary>
/// The automations in the real services: the leecher and the processor (child processes) between both emulators. A
/// coordinator's commit in ftrack is published on the hub, leeched, processed; the processor's own status write comes
/// back the same way, is processed too, and the stream stops there.
/// </summary>
public sealed class AutomationEndToEndTests
{
    [Fact]
    public async Task LeecherAndProcessor_ModelingApproved_TexturingReadyInFtrackAndAyonAndTheStreamStops()
    {
        await using var w = await EndToEndWorld.StartAsync();
        w.Ftrack.AddStatus("Not Ready", "NOT_STARTED");
        await w.StartServicesAsync(transmitter: false);
        var show = await BuildAsync(w);
        string texturing = "";
        await w.CommitAsync(s => texturing = s.Create("Task", Data(
            ("name", "texturing"), ("parent_id", show.Asset), ("type_id", w.Ftrack.TypeId("Texture")), ("status_id", w.Ftrack.StatusId("Not Ready")))).Id);
        await w.CommitAsync(s => s.SetCustomAttribute(FtrackEntityRef.Of("Project", w.ProjectId), w.AutoSyncConfigurationId, true));
        await w.SettleAsync("turning auto-sync on");
        (await w.TaskAsync(texturing)).ShouldNotBeNull().Status.ShouldBe("Not Ready");
        var published = w.Ftrack.PublishedEventCount;

        await w.CommitAsync(s => s.Update(FtrackEntityRef.Of("Task", show.ModelTask), Data(("status_id", w.Ftrack.StatusId("Approved")))));
        await w.SettleAsync("approving the modeling task");

        var status = w.Ftrack.GetEntity("Task", texturing)!["status_id"]!.GetValue<string>();
        w.Ftrack.GetEntity("Status", status)!["name"]!.GetValue<string>().ShouldBe("Ready");
        (await w.TaskAsync(texturing))!.Status.ShouldBe("Ready");
        // The coordinator's change and the processor's one write; the write's own event changes nothing more.
        (w.Ftrack.PublishedEventCount - published).ShouldBe(2);
    }
}
