using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>The enroll algorithm of ayon-protocol.md §2.6 through the real client against the emulator.</summary>
public sealed class AyonEnrollTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static EnrollRequest Proc(string sender, bool sequential = true, int? maxRetries = null, int? ignoreOlderThan = 0) => new()
    {
        SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"),
        TargetTopic = "ftrack.proc",
        Sender = sender,
        Description = "Event processing",
        Sequential = sequential,
        MaxRetries = maxRetries,
        IgnoreOlderThan = ignoreOlderThan,
    };

    private static Task<DispatchResult> LeechAsync(IAyonApi api, string hash) =>
        api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = hash, Sender = "leecher", Payload = new JsonObject { ["n"] = hash } }, Ct);

    [Fact]
    public async Task Enroll_NothingToDo_ReturnsNoJob()
    {
        await using var host = await AyonTestHost.StartAsync();
        (await host.Client().EnrollAsync(Proc("p1"), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Enroll_NewSource_CreatesOneTargetWithDeterministicHash()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client(senderType: "ftrack");
        var source = (await LeechAsync(api, "e1")).Id!;

        var job = await api.EnrollAsync(Proc("p1"), Ct);

        job.ShouldNotBeNull();
        var expectedHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"[\"ftrack.proc\",\"{source}\"]")));
        job.ShouldSatisfyAllConditions(
            () => job.DependsOn.ShouldBe(source),
            () => job.Status.ShouldBe("pending"),
            () => job.Hash.ShouldBe(expectedHash));
        var target = await api.GetEventAsync(job.Id, Ct);
        target.ShouldSatisfyAllConditions(
            () => target.Topic.ShouldBe("ftrack.proc"),
            () => target.Sender.ShouldBe("p1"),
            () => target.SenderType.ShouldBe("ftrack"),
            () => target.User.ShouldBe("service"),
            () => target.Description.ShouldBe("Event processing"),
            () => target.Retries.ShouldBe(0));
        (await host.Emulator.GetEventsAsync("ftrack.proc", Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Enroll_SameSenderAgain_RedeliversItsUnfinishedJob()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await LeechAsync(api, "e1");
        var first = await api.EnrollAsync(Proc("p1"), Ct);
        await api.UpdateEventAsync(first!.Id, new UpdateEventRequest { Status = "in_progress" }, Ct);

        var second = await api.EnrollAsync(Proc("p1"), Ct);

        second.ShouldNotBeNull();
        second.Id.ShouldBe(first.Id);
        second.Status.ShouldBe("in_progress");
        (await host.Emulator.GetEventsAsync("ftrack.proc", Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Enroll_FinishedJob_MovesToNextSourceInCreationOrder()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var host = await AyonTestHost.StartAsync(time);
        var api = host.Client();
        // Same timestamps for all three (the fake clock stands still): the creation counter decides.
        var ids = new List<string>();
        foreach (var hash in new[] { "a", "b", "c" })
        {
            ids.Add((await LeechAsync(api, hash)).Id!);
        }

        var delivered = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var job = await api.EnrollAsync(Proc("p1"), Ct);
            delivered.Add(job!.DependsOn);
            await api.UpdateEventAsync(job.Id, new UpdateEventRequest { Status = "finished" }, Ct);
        }

        delivered.ShouldBe(ids);
        (await api.EnrollAsync(Proc("p1"), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Enroll_TwoWorkersRaceForOneSource_ExactlyOneGetsIt()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await LeechAsync(api, "only");
        var workers = Enumerable.Range(0, 8).Select(i => host.Client()).ToList();

        var results = await Task.WhenAll(workers.Select((w, i) => w.EnrollAsync(Proc($"worker{i}"), Ct)));

        results.Count(r => r is not null).ShouldBe(1);
        (await host.Emulator.GetEventsAsync("ftrack.proc", Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Enroll_OtherSenderHoldsOldestJob_SequentialBlocksAndNonSequentialTakesNext()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var first = (await LeechAsync(api, "a")).Id!;
        var second = (await LeechAsync(api, "b")).Id!;
        (await api.EnrollAsync(Proc("p1"), Ct))!.DependsOn.ShouldBe(first);

        (await api.EnrollAsync(Proc("p2", sequential: true), Ct)).ShouldBeNull();
        var other = await api.EnrollAsync(Proc("p2", sequential: false), Ct);

        other.ShouldNotBeNull();
        other.DependsOn.ShouldBe(second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Enroll_JobKeepsFailing_RunsMaxRetriesPlusTwoTimesThenQueueMovesOn(int maxRetries)
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var bad = (await LeechAsync(api, "bad")).Id!;
        var good = (await LeechAsync(api, "good")).Id!;

        var runs = 0;
        var retriesSeen = new List<int>();
        EnrollJob? job;
        while ((job = await api.EnrollAsync(Proc("p1", maxRetries: maxRetries), Ct)) is not null && job.DependsOn == bad)
        {
            runs++;
            retriesSeen.Add((await api.GetEventAsync(job.Id, Ct)).Retries);
            await api.UpdateEventAsync(job.Id, new UpdateEventRequest { Status = "failed", Description = "boom" }, Ct);
            runs.ShouldBeLessThan(20);
        }

        runs.ShouldBe(maxRetries + 2);
        retriesSeen.ShouldBe(Enumerable.Range(0, maxRetries + 2));
        job.ShouldNotBeNull();
        job.DependsOn.ShouldBe(good);
        var failed = (await host.Emulator.GetEventsAsync("ftrack.proc", Ct)).Single(e => e.DependsOn == bad);
        failed.ShouldSatisfyAllConditions(() => failed.Status.ShouldBe("failed"), () => failed.Retries.ShouldBe(maxRetries + 1));
    }

    [Fact]
    public async Task Enroll_FailedJob_RestartedByAnySenderWithExactFieldUpdates()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await LeechAsync(api, "a");
        var job = await api.EnrollAsync(Proc("p1"), Ct);
        await api.UpdateEventAsync(job!.Id, new UpdateEventRequest { Status = "failed" }, Ct);

        var restarted = await host.Client(senderType: "ftrack").EnrollAsync(Proc("p2"), Ct);

        restarted.ShouldNotBeNull();
        restarted.Id.ShouldBe(job.Id);
        restarted.Status.ShouldBe("pending");
        var row = await api.GetEventAsync(job.Id, Ct);
        row.ShouldSatisfyAllConditions(
            () => row.Status.ShouldBe("pending"),
            () => row.Retries.ShouldBe(1),
            () => row.Sender.ShouldBe("p2"),
            () => row.SenderType.ShouldBe("ftrack"),
            () => row.Description.ShouldBe("Restarting failed event"));
    }

    [Fact]
    public async Task Enroll_RestartedJob_RequeuedWithoutRetryIncrement()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await LeechAsync(api, "a");
        var job = await api.EnrollAsync(Proc("p1"), Ct);
        await api.UpdateEventAsync(job!.Id, new UpdateEventRequest { Status = "restarted" }, Ct);

        var again = await api.EnrollAsync(Proc("p1"), Ct);

        again!.Id.ShouldBe(job.Id);
        (await api.GetEventAsync(job.Id, Ct)).Retries.ShouldBe(0);
    }

    [Fact]
    public async Task Enroll_IgnoreSenderTypes_ExcludesListedAndNullSenderTypes()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Client(senderType: "ftrack").DispatchEventAsync(new DispatchEventRequest { Topic = "entity.folder.created" }, Ct);
        await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "entity.folder.created", SenderType = null }, Ct);
        var fromApi = (await host.Client().DispatchEventAsync(new DispatchEventRequest { Topic = "entity.folder.created" }, Ct)).Id;
        var request = new EnrollRequest
        {
            SourceTopic = EnrollRequest.SourcePattern("entity.*"),
            TargetTopic = "ftrack.sync",
            Sender = "transmitter",
            IgnoreSenderTypes = ["ftrack"],
        };
        var api = host.Client();

        var job = await api.EnrollAsync(request, Ct);
        await api.UpdateEventAsync(job!.Id, new UpdateEventRequest { Status = "finished" }, Ct);

        job.DependsOn.ShouldBe(fromApi);
        (await api.EnrollAsync(request, Ct)).ShouldBeNull();
        (await api.EnrollAsync(request with { IgnoreSenderTypes = [] }, Ct)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(null, 4, false)]
    [InlineData(null, 2, true)]
    [InlineData(0, 400, true)]
    [InlineData(5, 4, true)]
    [InlineData(5, 6, false)]
    public async Task Enroll_IgnoreOlderThan_UsesWindowOnUpdatedAt(int? ignoreOlderThan, int ageDays, bool expectJob)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var host = await AyonTestHost.StartAsync(time);
        var api = host.Client();
        await LeechAsync(api, "old");
        time.Advance(TimeSpan.FromDays(ageDays));

        var job = await api.EnrollAsync(Proc("p1", ignoreOlderThan: ignoreOlderThan), Ct);

        (job is not null).ShouldBe(expectJob);
    }

    [Fact]
    public async Task Enroll_PatchedSource_RefreshesWindow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var host = await AyonTestHost.StartAsync(time);
        var api = host.Client();
        var source = (await LeechAsync(api, "old")).Id!;
        time.Advance(TimeSpan.FromDays(10));
        await api.UpdateEventAsync(source, new UpdateEventRequest { Description = "touched" }, Ct);

        (await api.EnrollAsync(Proc("p1", ignoreOlderThan: null), Ct)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("entity.*", true)]
    [InlineData("entity.folder.created", true)]
    [InlineData("Entity.*", false)]
    [InlineData("entity.task.*", false)]
    public async Task Enroll_StringSourceTopic_MatchesAsLikePattern(string pattern, bool expectJob)
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await api.DispatchEventAsync(new DispatchEventRequest { Topic = "entity.folder.created" }, Ct);

        var job = await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern(pattern), TargetTopic = "ftrack.sync", Sender = "t" }, Ct);

        (job is not null).ShouldBe(expectJob);
    }

    [Theory]
    [InlineData(new[] { "entity.folder.created", "entity.task.created" }, true)]
    [InlineData(new[] { "entity.*" }, false)]
    [InlineData(new[] { "entity.task.created" }, false)]
    public async Task Enroll_ListSourceTopic_MatchesExactlyWithoutWildcards(string[] topics, bool expectJob)
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await api.DispatchEventAsync(new DispatchEventRequest { Topic = "entity.folder.created" }, Ct);

        var job = await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourceTopics(topics), TargetTopic = "ftrack.sync", Sender = "t" }, Ct);

        (job is not null).ShouldBe(expectJob);
    }

    [Fact]
    public async Task Enroll_UnfinishedSource_IsNotACandidate()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Finished = false }, Ct);

        (await api.EnrollAsync(Proc("p1"), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Enroll_ImpersonatedNormalUser_IsForbidden()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddUserAsync("artist", isService: false, apiKey: null, Ct);
        var api = host.Client();

        using (AyonImpersonation.As("artist"))
        {
            var ex = await Should.ThrowAsync<AyonRequestException>(() => api.EnrollAsync(Proc("p1"), Ct));
            ex.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Enroll_Filter_RestrictsSources()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Project = "alpha" }, Ct);
        var beta = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Project = "beta" }, Ct)).Id;

        var job = await api.EnrollAsync(Proc("p1") with
        {
            Filter = new QueryFilter { Conditions = [QueryFilter.Condition("project", "beta")] },
        }, Ct);

        job!.DependsOn.ShouldBe(beta);
    }
}
