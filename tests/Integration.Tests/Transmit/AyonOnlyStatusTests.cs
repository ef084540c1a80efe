using System.Text.Json.Nodes;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>
/// Issue 14 (6): a status that exists only in AYON ("Not ready" is an AYON default, ftrack has none) cannot reach
/// ftrack. The transmitter's job fails at once naming the status (a permanent fault, not retried), instead of
/// finishing and leaving the two sides apart without a word.
/// </summary>
public sealed class AyonOnlyStatusTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task StatusChanged_StatusFtrackDoesNotOffer_JobFailsNamingTheStatusAndIsNotRetried()
    {
        await using var w = await TransmitterWorld.StartAsync();
        await w.StartTransmitterAsync();

        // The seeded task is "Not ready" already (AYON's first status): it takes a status ftrack has first.
        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["status"] = "In progress" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.status_changed")).Id);
        var before = w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["status_id"]!.GetValue<string>();
        before.ShouldBe(w.Ftrack.StatusId("In progress"));

        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["status"] = "Not ready" }, None);
        var source = await w.LastEventAsync("entity.task.status_changed");
        await w.WaitForJobAsync(source.Id, "failed");

        var job = (await w.JobsForAsync(source.Id)).ShouldHaveSingleItem();
        job.Description.ShouldContain("'Not ready'");
        job.Retries.ShouldBeGreaterThan(3);
        w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["status_id"]!.GetValue<string>().ShouldBe(before);

        // A status ftrack offers still goes through afterwards.
        await w.Ayon.UpdateTaskAsync(TransmitterWorld.Project, w.TaskId, new JsonObject { ["status"] = "Approved" }, None);
        await w.WaitForJobAsync((await w.LastEventAsync("entity.task.status_changed")).Id);
        w.Ftrack.GetEntity("Task", w.FtrackTaskId)!["status_id"]!.GetValue<string>().ShouldBe(w.Ftrack.StatusId("Approved"));
    }
}
