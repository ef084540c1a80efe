using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// One AYON entity change as the transmitter reads it (ayon-protocol.md §4): the entity type and change kind from the
/// topic, the entity id from the summary (the project name for projects, <c>payload.entityData.id</c> for deletes),
/// and old and new values from the <b>payload</b>: the summary's <c>value</c> may belong to another aspect (§6.2).
/// </summary>
public sealed record AyonChange(
    string EventId,
    string Topic,
    string Project,
    string EntityType,
    string Change,
    string EntityId,
    string? ParentId,
    JsonNode? OldValue,
    JsonNode? NewValue,
    JsonObject? EntityData)
{
    /// <summary>Reads an <c>entity.&lt;type&gt;.&lt;change&gt;</c> event; null when it is not one or names no entity.</summary>
    public static AyonChange? From(AyonEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var parts = e.Topic.Split('.');
        if (parts.Length != 3 || parts[0] != "entity" || string.IsNullOrEmpty(e.Project))
        {
            return null;
        }

        var entityType = parts[1];
        var change = parts[2];
        var entityData = e.Payload?["entityData"] as JsonObject;
        var entityId = entityType == "project"
            ? e.Project
            : Text(e.Summary?["entityId"]) ?? Text(entityData?["id"]);
        if (string.IsNullOrEmpty(entityId))
        {
            return null;
        }

        return new AyonChange(
            e.Id,
            e.Topic,
            e.Project,
            entityType,
            change,
            entityId,
            Text(e.Summary?["parentId"]),
            e.Payload?["oldValue"]?.DeepClone(),
            e.Payload?["newValue"]?.DeepClone(),
            entityData?.DeepClone() as JsonObject);
    }

    /// <summary>A JSON string value, or null.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
