using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>Dispatch, PATCH, DELETE, GraphQL <c>events</c> and <c>/api/query</c> through the real client.</summary>
public sealed class AyonEventsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task DispatchEvent_SameHashTwice_ReturnsAlreadyStored()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var request = new DispatchEventRequest { Topic = "ftrack.leech", Hash = "ftrack-event-1", Sender = "leecher" };

        var first = await api.DispatchEventAsync(request, Ct);
        var second = await api.DispatchEventAsync(request, Ct);

        first.Outcome.ShouldBe(DispatchOutcome.Stored);
        first.Id.ShouldNotBeNull().Length.ShouldBe(32);
        second.ShouldBe(new DispatchResult(DispatchOutcome.AlreadyStored, null));
        (await host.Emulator.GetEventsAsync("ftrack.leech", Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task DispatchEvent_StoresContextAndIgnoresUserAndDependsOn()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client(senderType: "ftrack");
        using var raw = host.Raw(host.Emulator.ServiceApiKey);
        raw.DefaultRequestHeaders.Add("x-sender", "header-sender");

        var created = await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Finished = false, Summary = new JsonObject { ["a"] = 1 } }, Ct);
        using var response = await raw.PostAsJsonAsync("/api/events", new JsonObject { ["topic"] = "ftrack.leech", ["user"] = "someone", ["dependsOn"] = created.Id }, Ct);
        var rawId = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<string>();

        var stored = await api.GetEventAsync(created.Id!, Ct);
        stored.ShouldSatisfyAllConditions(
            () => stored.Status.ShouldBe("pending"),
            () => stored.SenderType.ShouldBe("ftrack"),
            () => stored.User.ShouldBe("service"),
            () => stored.Hash.ShouldBe(stored.Id),
            () => stored.Summary!["a"]!.GetValue<int>().ShouldBe(1));
        var other = await api.GetEventAsync(rawId, Ct);
        other.ShouldSatisfyAllConditions(
            () => other.User.ShouldBe("service"),
            () => other.DependsOn.ShouldBeNull(),
            () => other.Sender.ShouldBe("header-sender"),
            () => other.SenderType.ShouldBe("api"));
    }

    [Fact]
    public async Task DispatchEvent_Reuse_ReplacesRowWithNewIdUnlessDependedOn()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var first = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = "r", Description = "one" }, Ct)).Id!;

        var second = await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = "r", Description = "two", Reuse = true }, Ct);
        await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc", Sender = "p" }, Ct);
        var third = await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = "r", Reuse = true }, Ct);

        second.Outcome.ShouldBe(DispatchOutcome.Stored);
        second.Id.ShouldNotBe(first);
        (await api.FindEventAsync(first, Ct)).ShouldBeNull();
        (await api.GetEventAsync(second.Id!, Ct)).Description.ShouldBe("two");
        third.Outcome.ShouldBe(DispatchOutcome.AlreadyStored);
    }

    [Fact]
    public async Task DispatchEvent_StoreFalse_IsNotPersisted()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();

        var result = await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Store = false }, Ct);

        (await api.FindEventAsync(result.Id!, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task UpdateEvent_ReplacesSummaryAndPayload_OverwritesSenderType_BumpsUpdatedAt()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var host = await AyonTestHost.StartAsync(time);
        var ftrackApi = host.Client(senderType: "ftrack");
        var id = (await ftrackApi.DispatchEventAsync(new DispatchEventRequest
        {
            Topic = "ftrack.sync.comments",
            Summary = new JsonObject { ["keep"] = 1, ["x"] = 1 },
            Payload = new JsonObject { ["old"] = true },
        }, Ct)).Id!;
        time.Advance(TimeSpan.FromMinutes(5));

        await host.Client().UpdateEventAsync(id, new UpdateEventRequest
        {
            Status = "aborted",
            Summary = new JsonObject { ["x"] = 2 },
            Payload = new JsonObject { ["synced_comments"] = 3 },
        }, Ct);

        var e = await ftrackApi.GetEventAsync(id, Ct);
        e.ShouldSatisfyAllConditions(
            () => e.Status.ShouldBe("aborted"),
            () => e.Summary!.ToJsonString().ShouldBe("""{"x":2}"""),
            () => e.Payload!.ToJsonString().ShouldBe("""{"synced_comments":3}"""),
            () => e.SenderType.ShouldBe("api"),
            () => (e.UpdatedAt - e.CreatedAt).ShouldBe(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task UpdateEvent_AnyStatusTransition_IsAccepted()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var id = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech" }, Ct)).Id!;

        foreach (var status in new[] { "pending", "failed", "in_progress", "finished", "restarted" })
        {
            await api.UpdateEventAsync(id, new UpdateEventRequest { Status = status }, Ct);
            (await api.GetEventAsync(id, Ct)).Status.ShouldBe(status);
        }
    }

    [Fact]
    public async Task UpdateEvent_UnknownId_Throws404()
    {
        await using var host = await AyonTestHost.StartAsync();

        var ex = await Should.ThrowAsync<ApiException>(() => host.Client().UpdateEventAsync(new string('a', 32), new UpdateEventRequest { Status = "finished" }, Ct));

        ex.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteEvent_RemovesIt_UnknownIsStillNoContent_ReferencedIs500()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var source = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech" }, Ct)).Id!;
        var plain = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Hash = "p" }, Ct)).Id!;
        await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc", Sender = "p" }, Ct);

        await api.DeleteEventAsync(plain, Ct);
        await api.DeleteEventAsync(new string('b', 32), Ct);
        var ex = await Should.ThrowAsync<ApiException>(() => api.DeleteEventAsync(source, Ct));

        (await api.FindEventAsync(plain, Ct)).ShouldBeNull();
        ex.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        ex.Content.ShouldNotBeNull().ShouldContain("foreign-key-violation");
    }

    [Fact]
    public async Task GetEventsPage_Last_ReturnsNewestFirstAndPagesBackwards()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.sync.comments", Description = $"run {i}" }, Ct)).Id!);
        }

        await api.DispatchEventAsync(new DispatchEventRequest { Topic = "log.error" }, Ct);
        var query = new EventsQuery { Topics = ["ftrack.sync.comments"], Statuses = ["finished"], NewestFirst = true, PageSize = 2 };

        var page = await api.GetEventsPageAsync(query, null, Ct);
        var all = await api.GetEventsAsync(query, 100, Ct);
        var oldestFirst = await api.GetEventsAsync(new EventsQuery { PageSize = 2 }, 100, Ct);

        page.Events.Select(e => e.Id).ShouldBe([ids[4], ids[3]]);
        page.NextCursor.ShouldNotBeNull();
        all.Select(e => e.Id).ShouldBe(Enumerable.Reverse(ids));
        oldestFirst.Select(e => e.Id).ShouldBe(ids);
        page.Events[0].Description.ShouldBe("run 4");
        page.Events[0].Summary.ShouldNotBeNull().Count.ShouldBe(0);
        page.Events[0].Payload.ShouldBeNull();
    }

    [Fact]
    public async Task GetEvents_TextFilterAndHasChildren_Apply()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var marker = (await api.DispatchEventAsync(new DispatchEventRequest
        {
            Topic = "ftrack.leech",
            Description = "ayon.ftrack.leecher.started.ynternal",
        }, Ct)).Id!;
        await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Description = "Leeched ftrack.update by jdoe" }, Ct);

        var found = await api.GetEventsAsync(new EventsQuery { Topics = ["ftrack.leech"], Filter = "ayon.ftrack.leecher.started.ynternal", NewestFirst = true, PageSize = 1 }, 1, Ct);
        var before = await api.GetEventsAsync(new EventsQuery { HasChildren = true }, 10, Ct);
        await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc", Sender = "p" }, Ct);
        var after = await api.GetEventsAsync(new EventsQuery { HasChildren = true }, 10, Ct);

        found.Single().Id.ShouldBe(marker);
        before.ShouldBeEmpty();
        after.Single().Id.ShouldBe(marker);
    }

    [Fact]
    public async Task QueryEvents_ReturnsSnakeCaseNewestFirstWithoutNulls()
    {
        await using var host = await AyonTestHost.StartAsync();
        var api = host.Client();
        var source = (await api.DispatchEventAsync(new DispatchEventRequest { Topic = "ftrack.leech", Description = "marker" }, Ct)).Id!;
        var job = await api.EnrollAsync(new EnrollRequest { SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"), TargetTopic = "ftrack.proc", Sender = "p" }, Ct);
        var request = new EventQueryRequest
        {
            Filter = new QueryFilter
            {
                Operator = "and",
                Conditions = [QueryFilter.Condition("topic", "ftrack.proc"), QueryFilter.Condition("depends_on", source)],
            },
            Limit = 1,
        };

        var typed = await api.QueryEventsAsync(request, Ct);
        using var raw = host.Raw(host.Emulator.ServiceApiKey);
        using var response = await raw.PostAsJsonAsync("/api/query", new JsonObject { ["entity"] = "event", ["limit"] = 10 }, Ct);
        var rawRows = (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;

        typed.Single().Id.ShouldBe(job!.Id);
        typed.Single().DependsOn.ShouldBe(source);
        rawRows.Count.ShouldBe(2);
        var newest = rawRows[0]!.AsObject();
        newest["id"]!.GetValue<string>().ShouldBe(job.Id);
        newest.ContainsKey("depends_on").ShouldBeTrue();
        newest.ContainsKey("sender_type").ShouldBeTrue();
        newest.ContainsKey("dependsOn").ShouldBeFalse();
        rawRows[1]!.AsObject().ContainsKey("depends_on").ShouldBeFalse();
        rawRows[1]!.AsObject().ContainsKey("project").ShouldBeFalse();
    }
}
