using System.Globalization;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>
/// Enroll starts its walk at a cursor past the settled sources (<see cref="AyonEnrollCursors"/>). These tests run the
/// emulator with the cursor check on: every walk from a cursor is compared with the plain walk from the start, and a
/// difference answers 500, which fails the client call.
/// </summary>
public sealed class AyonEnrollCursorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private static EnrollRequest Proc(string sender = "p1", int ignoreOlderThan = 3) => new()
    {
        SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"),
        TargetTopic = "ftrack.proc",
        Sender = sender,
        Sequential = true,
        MaxRetries = 1,
        IgnoreOlderThan = ignoreOlderThan,
    };

    private static async Task<string> LeechAsync(IAyonApi api, string hash) =>
        (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = hash, Payload = new JsonObject { ["n"] = hash } }, Ct)).Id!;

    [Fact]
    public async Task Enroll_DoneTargetLeavesWindowWhileItsSourceStaysInside_SourceIsWalkedAgain()
    {
        var time = new FakeTimeProvider(T0);
        await using var host = await AyonTestHost.StartAsync(time, checkEnrollCursors: true);
        var api = host.Client();
        var source = await LeechAsync(api, "a");
        var job = await api.EnrollAsync(Proc(), Ct);
        await api.UpdateEventAsync(job!.Id, new UpdateEventRequest { Status = "finished" }, Ct);
        (await api.EnrollAsync(Proc(), Ct)).ShouldBeNull();
        time.Advance(TimeSpan.FromDays(2));
        await api.UpdateEventAsync(source, new UpdateEventRequest { Description = "touched" }, Ct);
        (await api.EnrollAsync(Proc(), Ct)).ShouldBeNull();

        // The job (updatedAt T0) leaves the 3-day window, its source (updatedAt T0 + 2 days) does not.
        time.Advance(TimeSpan.FromDays(2));
        var again = await api.EnrollAsync(Proc(), Ct);

        again.ShouldNotBeNull();
        again.ShouldSatisfyAllConditions(
            () => again.Id.ShouldBe(job.Id),
            () => again.DependsOn.ShouldBe(source),
            () => again.Status.ShouldBe("finished"));
    }

    [Fact]
    public async Task Enroll_FinishedJobPatchedBackToFailed_IsRestartedAfterTheCursorPassedIt()
    {
        await using var host = await AyonTestHost.StartAsync(new FakeTimeProvider(T0), checkEnrollCursors: true);
        var api = host.Client();
        await LeechAsync(api, "a");
        await LeechAsync(api, "b");
        var first = await api.EnrollAsync(Proc(), Ct);
        await api.UpdateEventAsync(first!.Id, new UpdateEventRequest { Status = "finished" }, Ct);
        var second = await api.EnrollAsync(Proc(), Ct);
        await api.UpdateEventAsync(second!.Id, new UpdateEventRequest { Status = "finished" }, Ct);
        (await api.EnrollAsync(Proc(), Ct)).ShouldBeNull();

        await api.UpdateEventAsync(first.Id, new UpdateEventRequest { Status = "failed" }, Ct);
        var restarted = await api.EnrollAsync(Proc(), Ct);

        restarted.ShouldNotBeNull();
        restarted.Id.ShouldBe(first.Id);
        restarted.Status.ShouldBe("pending");
        (await api.GetEventAsync(first.Id, Ct)).Retries.ShouldBe(1);
    }

    [Fact]
    public async Task Enroll_FinishedJobDeleted_SourceIsEnrolledAgain()
    {
        await using var host = await AyonTestHost.StartAsync(new FakeTimeProvider(T0), checkEnrollCursors: true);
        var api = host.Client();
        var source = await LeechAsync(api, "a");
        var job = await api.EnrollAsync(Proc(), Ct);
        await api.UpdateEventAsync(job!.Id, new UpdateEventRequest { Status = "finished" }, Ct);
        (await api.EnrollAsync(Proc(), Ct)).ShouldBeNull();

        await api.DeleteEventAsync(job.Id, Ct);
        var again = await api.EnrollAsync(Proc(), Ct);

        again.ShouldNotBeNull();
        again.DependsOn.ShouldBe(source);
        again.Id.ShouldNotBe(job.Id);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Enroll_RandomMixOfWrites_EveryCursorWalkReadsWhatThePlainWalkReads(int seed)
    {
        var time = new FakeTimeProvider(T0);
        await using var host = await AyonTestHost.StartAsync(time, checkEnrollCursors: true);
        var plain = host.Client();
        var ftrack = host.Client(senderType: "ftrack");
        var random = new Random(seed);
        var shapes = Shapes();
        var jobs = 0;
        var walksFromCursor = 0;
        for (var step = 0; step < 400; step++)
        {
            var api = random.Next(3) == 0 ? ftrack : plain;
            var roll = random.Next(100);
            if (roll < 25)
            {
                var topic = new[] { "ftrack.leech", "entity.task.created", "entity.folder.created", "entity.version.status_changed" }[random.Next(4)];
                await api.DispatchEventAsync(new DispatchEventRequest
                {
                    Topic = topic,
                    Description = random.Next(2) == 0 ? "keep" : "skip",
                    Payload = new JsonObject { ["step"] = step },
                }, Ct);
            }
            else if (roll < 30)
            {
                await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "entity.task.created", SenderType = null, Description = "keep" }, Ct);
            }
            else if (roll < 65)
            {
                walksFromCursor += await host.Emulator.Store.ReadAsync(db => Convert.ToInt32(db.Scalar("SELECT COUNT(*) FROM temp.enroll_cursors"), CultureInfo.InvariantCulture), Ct) > 0 ? 1 : 0;
                var request = shapes[random.Next(shapes.Count)] with { Sender = random.Next(3) == 0 ? "p2" : "p1" };
                if (await api.EnrollAsync(request, Ct) is not null)
                {
                    jobs++;
                }
            }
            else if (roll < 80)
            {
                if (await PickAsync(host, random, target: true) is { } target)
                {
                    var status = new[] { "finished", "finished", "failed", "failed", "pending", "in_progress", "aborted", "restarted" }[random.Next(8)];
                    await api.UpdateEventAsync(target.Id, new UpdateEventRequest { Status = status, Retries = random.Next(3) == 0 ? random.Next(5) : null }, Ct);
                }
            }
            else if (roll < 88)
            {
                if (await PickAsync(host, random, target: false) is { } source)
                {
                    await api.UpdateEventAsync(source.Id, random.Next(4) == 0
                        ? new UpdateEventRequest { Status = random.Next(2) == 0 ? "finished" : "pending" }
                        : new UpdateEventRequest { Description = random.Next(2) == 0 ? "keep" : "skip" }, Ct);
                }
            }
            else if (roll < 95)
            {
                time.Advance(TimeSpan.FromHours(random.Next(20)));
            }
            else if (await PickAsync(host, random, target: true, withoutDependents: true) is { } doomed)
            {
                await plain.DeleteEventAsync(doomed.Id, Ct);
            }
        }

        jobs.ShouldBeGreaterThan(20);
        walksFromCursor.ShouldBeGreaterThan(20);
    }

    private static List<EnrollRequest> Shapes() =>
    [
        Proc(ignoreOlderThan: 2),
        Proc(ignoreOlderThan: 0) with { MaxRetries = 0, Sequential = false },
        new()
        {
            SourceTopic = EnrollRequest.SourcePattern("entity.*"),
            TargetTopic = "ftrack.sync",
            IgnoreSenderTypes = ["ftrack"],
            IgnoreOlderThan = 1,
            MaxRetries = 2,
        },
        new()
        {
            SourceTopic = EnrollRequest.SourceTopics(["entity.task.created", "entity.folder.created"]),
            TargetTopic = "ftrack.sync",
            Sequential = true,
            MaxRetries = 1,
            IgnoreOlderThan = 3,
        },
        new()
        {
            SourceTopic = EnrollRequest.SourcePattern("ftrack.*"),
            TargetTopic = "ftrack.keep",
            Filter = new QueryFilter { Conditions = [new JsonObject { ["key"] = "description", ["value"] = "keep" }] },
            IgnoreOlderThan = 0,
        },
    ];

    private static async Task<AyonEventRow?> PickAsync(AyonTestHost host, Random random, bool target, bool withoutDependents = false)
    {
        var all = await host.Emulator.GetEventsAsync(null, Ct);
        var referenced = all.Select(r => r.DependsOn).OfType<string>().ToHashSet();
        var rows = all.Where(r => (r.DependsOn is not null) == target && !(withoutDependents && referenced.Contains(r.Id))).ToList();
        return rows.Count == 0 ? null : rows[random.Next(rows.Count)];
    }
}
