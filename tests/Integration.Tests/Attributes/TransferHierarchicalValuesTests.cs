using System.Text.Json.Nodes;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Integration.Tests.Processor;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Attributes;

/// <summary>"Transfer values between 2 custom attributes" (P-12) end to end over the hub, the leecher and the in-process processor.</summary>
public sealed class TransferHierarchicalValuesTests
{
    private static readonly TimeSpan Deadline = ProcessorHarness.Deadline;

    [Fact]
    public async Task Transfer_NumberAToNumberBDeletingFirst_BHoldsExactlyTheValuesOfA()
    {
        await using var actions = await ActionWorld.StartAsync();
        var world = actions.World;
        var jane = actions.User;
        var ftrack = world.Ftrack;
        var a = ftrack.AddCustomAttribute("frameStartOld", "number", isHierarchical: true, config: "{\"isdecimal\": false}");
        var b = ftrack.AddCustomAttribute("frameStart", "number", isHierarchical: true, config: "{\"isdecimal\": true}");
        var notes = ftrack.AddCustomAttribute("notes", "text", isHierarchical: true, config: "{\"markdown\": false}");
        var project = ftrack.AddProject("proj_a");
        var sequence = ftrack.AddSequence(project, "sq01");
        var shot = ftrack.AddShot(sequence, "sh010");
        ftrack.SetCustomAttributeValue(a, project, 1001);
        ftrack.SetCustomAttributeValue(a, shot, 1010);
        ftrack.SetCustomAttributeValue(b, shot, 5.0);
        ftrack.SetCustomAttributeValue(b, sequence, 7.0);
        await using var processor = await InProcessProcessor.StartAsync(world, []);

        var form = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(shot, null)));
        form["title"]!.GetValue<string>().ShouldBe(TransferHierarchicalValues.Title, form.ToJsonString());
        var source = form["items"]!.AsArray().OfType<JsonObject>().Single(i => (string?)i["name"] == "src_attr_id");
        source["data"]!.AsArray().Select(d => d!["label"]!.GetValue<string>()).ShouldBe(["frameStart", "frameStartOld", "notes"]);

        var again = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(shot, Values(a, a, false))));
        again["items"]!.AsArray().OfType<JsonObject>().ShouldContain(i => (string?)i["type"] == "label" && i["value"]!.GetValue<string>().Contains("2 different"));

        var refused = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(shot, Values(notes, b, false))));
        refused.ToJsonString().ShouldBe("""{"success":false,"message":"Don\u0027t know how to properly convert custom attribute types text \u003E number"}""");

        var done = await ReplyAsync(world, world.Hub.PublishAsWebClient(ServerAction.LaunchTopic, Launch(shot, Values(a, b, true))));

        done["success"]!.GetValue<bool>().ShouldBeTrue(done.ToJsonString());
        AttributeValues.Number(ftrack.GetCustomAttributeValue(b, project)!).ShouldBe(1001);
        AttributeValues.Number(ftrack.GetCustomAttributeValue(b, shot)!).ShouldBe(1010);
        ftrack.GetCustomAttributeValue(b, sequence).ShouldBeNull();
        AttributeValues.Number(ftrack.GetCustomAttributeValue(a, shot)!).ShouldBe(1010);
    }

    private static JsonObject Values(string source, string destination, bool deleteFirst) =>
        new() { ["src_attr_id"] = source, ["dst_attr_id"] = destination, ["delete_dst_attr_first"] = deleteFirst };

    private static JsonObject Launch(string id, JsonObject? values)
    {
        var data = new JsonObject
        {
            ["selection"] = new JsonArray(new JsonObject { ["entityId"] = id, ["entityType"] = "task" }),
            ["actionIdentifier"] = TransferHierarchicalValues.Action.Identifier,
        };
        if (values is not null)
        {
            data["values"] = values;
        }

        return data;
    }

    private static async Task<JsonObject> ReplyAsync(ServiceWorld world, string eventId) =>
        (await world.Hub.WaitForRepliesAsync(eventId, 1, Deadline, CancellationToken.None))[0]["data"]!.AsObject();
}
