using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Features.Tests.Transmit;

/// <summary>AYON entity events shaped as the server emits them (ayon-protocol.md §4).</summary>
internal static class AyonEvents
{
    public static AyonEvent Entity(string topic, string entityId = "e1", JsonNode? oldValue = null, JsonNode? newValue = null, JsonObject? summary = null, JsonObject? payload = null) => new()
    {
        Id = "ev1",
        Topic = topic,
        Project = "demo",
        Status = AyonEventStatus.Finished,
        Summary = summary ?? new JsonObject { ["entityId"] = entityId, ["parentId"] = "p1" },
        Payload = payload ?? new JsonObject { ["oldValue"] = oldValue, ["newValue"] = newValue },
    };

    public static AyonEvent List(string topic, string id, string label, string entityType) => new()
    {
        Id = "ev2",
        Topic = topic,
        Project = "demo",
        Status = AyonEventStatus.Finished,
        Summary = new JsonObject { ["id"] = id, ["label"] = label, ["entity_type"] = entityType, ["entity_list_type"] = "generic", ["count"] = 1 },
    };
}
