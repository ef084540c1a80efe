using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Tests.TestData;

/// <summary>ftrack hub events as the server sends them (ftrack-protocol.md §3.4, §4).</summary>
public static class FtrackEvents
{
    public static FtrackEvent Hub(string json) => FtrackEvent.FromHub(JsonDocument.Parse(json).RootElement);

    public static FtrackEvent Update(string id = "e0a1", string username = "jane", params string[] entityTypes)
    {
        var entities = new JsonArray([.. entityTypes.Select((type, i) => (JsonNode)new JsonObject
        {
            ["entityType"] = type,
            ["entityId"] = $"id-{i}",
            ["action"] = "update",
            ["keys"] = new JsonArray("name"),
        })]);
        var json = new JsonObject
        {
            ["id"] = id,
            ["topic"] = "ftrack.update",
            ["target"] = "",
            ["sent"] = null,
            ["inReplyToEvent"] = null,
            ["source"] = new JsonObject
            {
                ["id"] = "client-1",
                ["applicationId"] = "ftrack.client.web",
                ["user"] = new JsonObject { ["username"] = username, ["id"] = "u-1" },
            },
            ["data"] = new JsonObject { ["entities"] = entities, ["pushToken"] = "p-1" },
        };
        return FtrackEvent.FromHub(JsonSerializer.SerializeToElement(json));
    }
}
