using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>The <c>ftrack.update</c> events the emulator generates for committed changes (ftrack-protocol.md §4, §6 item 9).</summary>
public sealed class FtrackUpdateEventTests
{
    private static readonly string[] AllowedTopLevelKeys = ["id", "topic", "data", "source", "target", "sent", "inReplyToEvent"];

    [Fact]
    public async Task CommitAsync_RenameStatusAndCustomAttribute_PublishesOneUpdateWithTheThreeChanges()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;
        var oldStatus = harness.Emulator.GetEntity("Task", world.TaskId)!["status_id"]!.GetValue<string>();
        var newStatus = harness.Emulator.StatusId("In progress");

        session.Update(FtrackEntityRef.Of("Shot", world.ShotId), new Dictionary<string, object?> { ["name"] = "sh010A" });
        session.Update(FtrackEntityRef.Of("Task", world.TaskId), new Dictionary<string, object?> { ["status_id"] = newStatus });
        session.SetCustomAttribute(FtrackEntityRef.Of("Shot", world.ShotId), world.FrameStartConfigId, 1017);
        await session.CommitAsync(CancellationToken.None);

        var update = harness.Sink.Events.ShouldHaveSingleItem();
        update.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ShouldBe(AllowedTopLevelKeys.OrderBy(k => k, StringComparer.Ordinal));
        update["topic"]!.GetValue<string>().ShouldBe("ftrack.update");
        update["id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        update["target"]!.GetValue<string>().ShouldBe("");
        update["sent"].ShouldBeNull();
        update["inReplyToEvent"].ShouldBeNull();

        var source = update["source"]!.AsObject();
        source["user"]!["id"]!.GetValue<string>().ShouldBe(harness.Emulator.ApiUserId);
        source["user"]!["username"]!.GetValue<string>().ShouldBe(harness.Emulator.ApiUser);
        source["id"]!.GetValue<string>().ShouldBe(harness.Connection.ClientToken);

        var data = update["data"]!.AsObject();
        data["clientToken"]!.GetValue<string>().ShouldBe(harness.Connection.ClientToken);
        data["pushToken"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        data["user"]!["userid"]!.GetValue<string>().ShouldBe(harness.Emulator.ApiUserId);
        data["user"]!["name"]!.GetValue<string>().ShouldBe("AYON Service");

        var entities = data["entities"]!.AsArray();
        entities.Count.ShouldBe(2);
        var shot = entities.Single(e => e!["entityId"]!.GetValue<string>() == world.ShotId)!.AsObject();
        var task = entities.Single(e => e!["entityId"]!.GetValue<string>() == world.TaskId)!.AsObject();

        shot["action"]!.GetValue<string>().ShouldBe("update");
        shot["entityType"]!.GetValue<string>().ShouldBe("task");
        shot["entity_type"]!.GetValue<string>().ShouldBe("Shot");
        shot["objectTypeId"]!.GetValue<string>().ShouldBe(FtrackObjectTypeIds.Shot);
        shot["parentId"]!.GetValue<string>().ShouldBe(world.SequenceId);
        shot["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["name", "fstart"]);
        shot["changes"]!["name"]!["old"]!.GetValue<string>().ShouldBe("sh010");
        shot["changes"]!["name"]!["new"]!.GetValue<string>().ShouldBe("sh010A");
        shot["changes"]!["fstart"]!["old"]!.GetValue<string>().ShouldBe("1009");
        shot["changes"]!["fstart"]!["new"]!.GetValue<string>().ShouldBe("1017");
        Chain(shot).ShouldBe([(world.ShotId, "task", "Shot"), (world.SequenceId, "task", "Sequence"), (world.ProjectId, "show", "Project")]);

        task["action"]!.GetValue<string>().ShouldBe("update");
        task["entity_type"]!.GetValue<string>().ShouldBe("Task");
        task["objectTypeId"]!.GetValue<string>().ShouldBe(FtrackObjectTypeIds.Task);
        task["parentId"]!.GetValue<string>().ShouldBe(world.ShotId);
        task["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["statusid"]);
        task["changes"]!["statusid"]!["old"]!.GetValue<string>().ShouldBe(oldStatus);
        task["changes"]!["statusid"]!["new"]!.GetValue<string>().ShouldBe(newStatus);
        Chain(task).ShouldBe([(world.TaskId, "task", "Task"), (world.ShotId, "task", "Shot"), (world.SequenceId, "task", "Sequence"), (world.ProjectId, "show", "Project")]);
        task["parents"]![3]!["parentId"].ShouldBeNull();

        data["parents"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe([world.ShotId, world.SequenceId, world.ProjectId, world.TaskId], ignoreOrder: true);
    }

    [Fact]
    public async Task CommitAsync_CreateAssetVersionAndNote_PublishesAddItemsWithLegacyKeys()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;

        var version = session.Create("AssetVersion", new Dictionary<string, object?>
        {
            ["asset"] = FtrackEntityRef.Of("Asset", world.AssetId),
            ["task"] = FtrackEntityRef.Of("Task", world.TaskId),
        });
        session.Create("Note", new Dictionary<string, object?>
        {
            ["content"] = "Please fix the edge", ["parent_id"] = world.TaskId, ["parent_type"] = "TypedContext", ["user_id"] = world.ArtistId,
        });
        await session.CommitAsync(CancellationToken.None);

        var entities = harness.Sink.Events.ShouldHaveSingleItem()["data"]!["entities"]!.AsArray();
        var added = entities.Single(e => e!["entityId"]!.GetValue<string>() == version.Id)!.AsObject();
        added["action"]!.GetValue<string>().ShouldBe("add");
        added["entityType"]!.GetValue<string>().ShouldBe("assetversion");
        added["parentId"]!.GetValue<string>().ShouldBe(world.AssetId);
        var keys = added["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        keys.ShouldContain("assetid");
        keys.ShouldContain("taskid");
        keys.ShouldContain("statusid");
        keys.ShouldContain("ispublished");
        added["changes"]!["version"]!["new"]!.GetValue<int>().ShouldBe(3);
        added["changes"]!["taskid"]!["old"].ShouldBeNull();
        added["changes"]!["taskid"]!["new"]!.GetValue<string>().ShouldBe(world.TaskId);
        added["parents"]!.AsArray().Select(p => p!["entityType"]!.GetValue<string>()).ShouldBe(["assetversion", "asset", "task", "task", "show"]);

        var note = entities.Single(e => e!["entityType"]!.GetValue<string>() == "note")!.AsObject();
        note["changes"]!["text"]!["new"]!.GetValue<string>().ShouldBe("Please fix the edge");
        note["changes"]!["userid"]!["new"]!.GetValue<string>().ShouldBe(world.ArtistId);
        note["parentId"]!.GetValue<string>().ShouldBe(world.TaskId);
    }

    [Fact]
    public async Task CommitAsync_QueriesOnly_PublishesNothing()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        FtrackWorld.Seed(harness.Emulator);

        await harness.Session.QueryAsync(FtrackQuery.From("Task"), CancellationToken.None);
        harness.Session.Update(FtrackEntityRef.Of("Task", harness.Emulator.QueryLocal("select id from Task")[0]!["id"]!.GetValue<string>()),
            new Dictionary<string, object?> { ["description"] = "" });
        await harness.Session.CommitAsync(CancellationToken.None);

        harness.Sink.Events.ShouldBeEmpty();
        harness.Emulator.PublishedEventCount.ShouldBe(0);
    }

    [Fact]
    public async Task CommitAsync_MoveTask_PublishesMoveWithParentChange()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        harness.Session.Update(FtrackEntityRef.Of("Task", world.AnimTaskId), new Dictionary<string, object?> { ["parent"] = FtrackEntityRef.Of("Shot", world.Shot2Id) });
        await harness.Session.CommitAsync(CancellationToken.None);

        var item = harness.Sink.Events.ShouldHaveSingleItem()["data"]!["entities"]!.AsArray().ShouldHaveSingleItem()!;
        item["action"]!.GetValue<string>().ShouldBe("move");
        item["changes"]!["parent_id"]!["old"]!.GetValue<string>().ShouldBe(world.ShotId);
        item["changes"]!["parent_id"]!["new"]!.GetValue<string>().ShouldBe(world.Shot2Id);
        item["parents"]![1]!["entityId"]!.GetValue<string>().ShouldBe(world.Shot2Id);
    }

    [Fact]
    public async Task CommitAsync_NewShotWithCustomAttributeAndUnsetValue_ReportsStringsOnTheOwners()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        var session = harness.Session;

        var shot = session.Create("Shot", new Dictionary<string, object?> { ["name"] = "sh030", ["parent_id"] = world.SequenceId });
        session.SetCustomAttribute(shot, world.FrameStartConfigId, 1001.5);
        session.DeleteCustomAttributeValue(world.AyonIdConfigId, world.ShotId);
        await session.CommitAsync(CancellationToken.None);

        var entities = harness.Sink.Events.ShouldHaveSingleItem()["data"]!["entities"]!.AsArray();
        var added = entities.Single(e => e!["entityId"]!.GetValue<string>() == shot.Id)!;
        added["action"]!.GetValue<string>().ShouldBe("add");
        added["changes"]!["fstart"]!["old"].ShouldBeNull();
        added["changes"]!["fstart"]!["new"]!.GetValue<string>().ShouldBe("1001.5");
        added["changes"]!["name"]!["new"]!.GetValue<string>().ShouldBe("sh030");
        added["changes"]!["showid"]!["new"]!.GetValue<string>().ShouldBe(world.ProjectId);
        var unset = entities.Single(e => e!["entityId"]!.GetValue<string>() == world.ShotId)!;
        unset["action"]!.GetValue<string>().ShouldBe("update");
        unset["changes"]!["ayon_id"]!["old"]!.GetValue<string>().ShouldBe("ayon-shot-1");
        unset["changes"]!["ayon_id"]!["new"].ShouldBeNull();
    }

    [Fact]
    public async Task CommitAsync_PushToken_IsCopiedIntoTheEvent()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(harness.Emulator.BaseUrl, "api"))
        {
            Content = new StringContent(
                $"[{{\"action\":\"update\",\"entity_type\":\"Shot\",\"entity_key\":\"{world.ShotId}\",\"entity_data\":{{\"description\":\"web edit\"}}}}]",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("ftrack-user", harness.Emulator.ApiUser);
        request.Headers.Add("ftrack-api-key", harness.Emulator.ApiKey);
        request.Headers.Add("ftrack-pushtoken", "push-123");

        using var response = await http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var update = harness.Sink.Events.ShouldHaveSingleItem();
        update["data"]!["pushToken"]!.GetValue<string>().ShouldBe("push-123");
        update["data"]!.AsObject().ContainsKey("clientToken").ShouldBeFalse();
        update["source"]!["id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        update["data"]!["entities"]![0]!["keys"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldBe("description");
    }

    private static List<(string Id, string Legacy, string Type)> Chain(JsonObject item) =>
        [.. item["parents"]!.AsArray().Select(p => (p!["entityId"]!.GetValue<string>(), p["entityType"]!.GetValue<string>(), p["entity_type"]!.GetValue<string>()))];
}
