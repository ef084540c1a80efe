using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ayon.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Refit;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>Entity lists, activities, users, access groups, links and thumbnails, through the real client.</summary>
public sealed class CollaborationEmulatorTests
{
    private const string Project = EntityEmulatorHarness.Project;

    [Fact]
    public async Task EntityLists_CreatePatchItemsDelete_EmitSnakeCaseEvents()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var productId = await h.Emulator.AddProductAsync(Project, folderId, "renderMain", "render", h.Token);
        var v1 = await h.Emulator.AddVersionAsync(Project, productId, 1, null, h.Token);
        var v2 = await h.Emulator.AddVersionAsync(Project, productId, 2, null, h.Token);

        var summary = await h.FtrackApi.CreateEntityListAsync(Project, new EntityListCreate
        {
            EntityType = "version",
            Label = "Dailies",
            Items = [new EntityListItem { EntityId = v1 }],
        }, h.Token);
        await h.Api.PatchEntityListAsync(Project, summary.Id, new EntityListPatch { Attrib = Obj(("ftrackId", "l-1"), ("bogus", 1)) }, h.Token);
        await h.Api.PatchEntityListItemsAsync(Project, summary.Id, new EntityListItemsPatch("merge", [new EntityListItem { EntityId = v2 }]), h.Token);
        var list = (await h.Api.GetEntityListAsync(Project, summary.Id, h.Token)).Content!;
        var graph = await h.Api.ListEntityListsAsync(Project, [summary.Id], h.Token);
        await h.Api.DeleteEntityListAsync(Project, summary.Id, h.Token);

        summary.ShouldSatisfyAllConditions(s => s.Count.ShouldBe(1), s => s.EntityListType.ShouldBe("generic"), s => s.EntityType.ShouldBe("version"));
        list.Items.Select(i => i.EntityId).ShouldBe([v1, v2]);
        list.Attrib.ShouldBeJson(Obj(("ftrackId", "l-1")));
        graph.Single().ShouldSatisfyAllConditions(
            n => n.ParseAllAttrib()["ftrackId"].Text().ShouldBe("l-1"),
            n => n.Items.Edges.Select(e => e.EntityId).ShouldBe([v1, v2]));
        var events = await h.EventsWithPrefixAsync("entity_list.");
        events.Select(e => (e.Topic, e.SenderType)).ShouldBe([
            ("entity_list.created", "ftrack"), ("entity_list.changed", "api"), ("entity_list.changed", "api"), ("entity_list.deleted", "api")]);
        events[0].Summary.ShouldBeJson(Obj(("id", summary.Id), ("entity_list_type", "generic"), ("entity_type", "version"), ("label", "Dailies"), ("count", 1)));
        events[2].Summary["count"]!.GetValue<int>().ShouldBe(2);
        events[3].Summary.ShouldBeJson(Obj(("id", summary.Id), ("entity_list_type", "generic"), ("entity_type", "version"), ("label", "Dailies"), ("count", 2), ("entity_list_folder_id", null)));
        events.ShouldAllBe(e => e.Project == Project && e.User == "service");
        (await h.Api.GetEntityListAsync(Project, summary.Id, h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Activities_CreateAsImpersonatedUserPatchAndList_AuthorDataAndChangedAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var h = await EntityEmulatorHarness.StartAsync(timeProvider: clock);
        await h.Emulator.AddUserAsync("alice", isService: false, apiKey: null, h.Token);
        var folderId = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);
        var taskId = await h.Emulator.AddTaskAsync(Project, folderId, "comp", "Compositing", h.Token);
        var start = clock.GetUtcNow();

        EntityIdResponse first;
        using (AyonImpersonation.As("alice"))
        {
            first = await h.FtrackApi.CreateActivityAsync(Project, "task", taskId, new ActivityCreate { Body = "Looks good", Data = Obj(("ftrack", Obj(("id", "note-1")))) }, h.Token);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await h.Api.CreateActivityAsync(Project, "task", taskId, new ActivityCreate { Body = "Second" }, h.Token);
        clock.Advance(TimeSpan.FromMinutes(1));
        var checkpoint = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(1));
        await h.Api.PatchActivityAsync(Project, first.Id, new ActivityPatch { Data = Obj(("ftrack", Obj(("id", "note-1"), ("synced", true))), ("author", "mallory")) }, h.Token);

        var all = await h.Api.ListActivitiesAsync(Project, new ActivityFilter(start.AddSeconds(-1), ActivityTypes: ["comment"]), h.Token);
        var changed = await h.Api.ListActivitiesAsync(Project, new ActivityFilter(checkpoint), h.Token);

        all.Select(a => a.ActivityId).ShouldBe([first.Id, second.Id]);
        all[0].ShouldSatisfyAllConditions(
            a => a.Author.ShouldNotBeNull().Name.ShouldBe("alice"),
            a => a.Body.ShouldBe("Looks good"),
            a => a.EntityId.ShouldBe(taskId),
            a => a.EntityType.ShouldBe("task"),
            a => a.ParseActivityData().ShouldBeJson(Obj(("ftrack", Obj(("id", "note-1"), ("synced", true))), ("author", "alice"))));
        all[1].Author!.Name.ShouldBe("service");
        changed.Select(a => a.ActivityId).ShouldBe([first.Id]);

        var events = await h.EventsWithPrefixAsync("activity.");
        events.Select(e => (e.Topic, e.User, e.SenderType)).ShouldBe([
            ("activity.created", "alice", "ftrack"), ("activity.created", "service", "api"), ("activity.updated", "service", "api")]);
        events[0].Summary.ShouldBeJson(Obj(("activity_id", first.Id), ("activity_type", "comment"),
            ("references", new JsonArray(Obj(("entity_type", "task"), ("entity_id", taskId), ("reference_type", "origin"))))));
        events[0].Payload.ShouldBeJson(Obj(("body", "Looks good")));

        await h.Api.DeleteActivityAsync(Project, second.Id, h.Token);
        (await h.Emulator.GetActivitiesAsync(Project, h.Token)).Count.ShouldBe(1);
        (await h.EventsAsync("activity.deleted")).Single().Summary["activity_id"].Text().ShouldBe(second.Id);
    }

    [Fact]
    public async Task Users_CreateReadPatchAndList_AsTheSyncNeeds()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();

        var created = await h.Api.CreateUserAsync("jdoe", new UserCreate
        {
            Attrib = Obj(("fullName", "John Doe"), ("email", "John.Doe@example.com")),
            Data = Obj(("defaultAccessGroups", new JsonArray("artist"))),
            Password = "secret-password",
        }, h.Token);
        var again = await h.Api.CreateUserAsync("jdoe", new UserCreate(), h.Token);
        var accessGroups = Obj(("demo", new JsonArray("artist")), ("old", new JsonArray()));
        await h.Api.PatchUserAsync("jdoe", new UserPatch { Data = Obj(("accessGroups", accessGroups), ("ftrack", Obj(("id", "u-1")))) }, h.Token);

        created.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var user = (await h.Api.GetUserAsync("jdoe", h.Token)).Content!;
        user.Attrib["fullName"].Text().ShouldBe("John Doe");
        user.Data["ftrack"].ShouldBeJson(Obj(("id", "u-1")));
        user.Data["defaultAccessGroups"].ShouldBeJson(new JsonArray("artist"));
        user.Data.ContainsKey("password").ShouldBeFalse();
        (await h.Api.GetUserAsync("nobody", h.Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var byEmail = await h.Api.ListUsersAsync(new UserFilter(Emails: ["john.doe@EXAMPLE.com"]), h.Token);
        var everyone = await h.Api.ListUsersAsync(new UserFilter(), h.Token);
        byEmail.Single().ShouldSatisfyAllConditions(
            u => u.Name.ShouldBe("jdoe"),
            u => u.Attrib.Email.ShouldBe("John.Doe@example.com"),
            u => u.DefaultAccessGroups.ShouldBe(["artist"]),
            u => u.ParseAccessGroups().Keys.ShouldBe(["demo"]),
            u => u.IsService.ShouldBeFalse());
        everyone.Select(u => u.Name).ShouldBe(["service", "jdoe"]);
        everyone[0].IsService.ShouldBeTrue();
        (await h.Api.GetAccessGroupsAsync("_", h.Token)).Select(g => g.Name).ShouldContain("artist");
        var userCreated = (await h.EventsAsync("entity.user.created")).Single();
        userCreated.Summary.ShouldBeJson(Obj(("entityName", "service")));
        userCreated.Description.ShouldNotContain("secret-password");
    }

    [Fact]
    public async Task Users_NonManagerKey_SeesOnlyPublicFieldsAndCannotCreate()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Emulator.AddUserAsync("artist1", isService: false, apiKey: "artist1-key-0123456789abcdef", h.Token);
        await using var artist = h.ClientFor("artist1-key-0123456789abcdef");
        var api = artist.GetRequiredService<IAyonApi>();

        var service = (await api.GetUserAsync("service", h.Token)).Content!;
        var denied = await api.CreateUserAsync("someone", new UserCreate(), h.Token);

        service.Data.Count.ShouldBe(0);
        service.Attrib["fullName"].Text().ShouldBe("Service");
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task LinksAndThumbnails_CreateAndDelete_EmitLinkEventsAndStoreImage()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        var a = await h.Emulator.AddFolderAsync(Project, "asset", "Asset", null, null, h.Token);
        var b = await h.Emulator.AddFolderAsync(Project, "sh010", "Shot", null, null, h.Token);

        var link = await h.Api.CreateLinkAsync(Project, new LinkCreate { Input = a, Output = b, LinkType = "breakdown|folder|folder" }, h.Token);
        var duplicate = await Should.ThrowAsync<ApiException>(() => h.Api.CreateLinkAsync(Project, new LinkCreate { Input = a, Output = b, LinkType = "breakdown|folder|folder" }, h.Token));
        var unknownType = await Should.ThrowAsync<ApiException>(() => h.Api.CreateLinkAsync(Project, new LinkCreate { Input = a, Output = b, LinkType = "nope|folder|folder" }, h.Token));
        await h.Api.DeleteLinkAsync(Project, link.Id, h.Token);

        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        unknownType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var events = await h.EventsWithPrefixAsync("link.");
        events.Select(e => e.Topic).ShouldBe(["link.created", "link.deleted"]);
        events[0].Summary.ShouldBeJson(Obj(("id", link.Id), ("linkType", "breakdown|folder|folder"), ("inputType", "folder"), ("outputType", "folder"), ("inputId", a), ("outputId", b)));

        using var png = new ByteArrayContent([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var thumbnail = await h.Api.CreateThumbnailAsync(Project, png, h.Token);
        using var text = new StringContent("not an image");
        var rejected = await Should.ThrowAsync<ApiException>(() => h.Api.CreateThumbnailAsync(Project, text, h.Token));

        thumbnail.Id.Length.ShouldBe(32);
        rejected.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }
}
