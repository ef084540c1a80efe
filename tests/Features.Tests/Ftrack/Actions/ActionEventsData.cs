using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.Ftrack.Actions;

/// <summary>Action events as ftrack's web UI publishes them (ftrack-protocol.md §4.5).</summary>
internal static class ActionEventsData
{
    public static FtrackEvent Event(string topic, JsonObject data) => FtrackEvent.FromHub(JsonSerializer.SerializeToElement(new JsonObject
    {
        ["id"] = "ev-1",
        ["topic"] = topic,
        ["source"] = new JsonObject
        {
            ["id"] = "web-hub-7",
            ["applicationId"] = "ftrack.client.web",
            ["user"] = new JsonObject { ["username"] = "jane", ["id"] = "u-1" },
        },
        ["data"] = data,
    }));

    public static JsonArray Selection(params (string Id, string Type)[] items) =>
        new([.. items.Select(i => (JsonNode)new JsonObject { ["entityId"] = i.Id, ["entityType"] = i.Type })]);

    public static FtrackEvent Discover(params (string Id, string Type)[] items) =>
        Event("ftrack.action.discover", new JsonObject { ["selection"] = Selection(items) });

    public static FtrackEvent Launch(string identifier, JsonObject? values = null, params (string Id, string Type)[] items)
    {
        var data = new JsonObject { ["actionIdentifier"] = identifier, ["selection"] = Selection(items) };
        if (values is not null)
        {
            data["values"] = values;
        }

        return Event("ftrack.action.launch", data);
    }
}
