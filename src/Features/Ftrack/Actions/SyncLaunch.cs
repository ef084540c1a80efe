using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Ftrack.Actions;

/// <summary>
/// The launch of "Sync to AYON" that the service publishes itself (the leecher-started resync, Prepare Project), as the
/// original does: <c>ftrack.action.launch</c> with <c>{actionIdentifier, selection:[{entityId, entityType:"show"}]}</c>
/// and the service user as <c>source.user</c>. Shared so that the areas publishing it and the area answering it agree.
/// </summary>
public static class SyncLaunch
{
    /// <summary>The identifier of the "Sync to AYON" action (P-10).</summary>
    public const string Identifier = "sync.from.ftrack.to.ayon";

    /// <summary>The launch event for the ftrack project <paramref name="projectId"/>, sent as the given user.</summary>
    public static FtrackEvent Event(string projectId, string? username, string? userId)
    {
        var user = new JsonObject();
        if (username is not null)
        {
            user["username"] = username;
        }

        if (userId is not null)
        {
            user["id"] = userId;
        }

        return FtrackEvent.Create(
            Guid.NewGuid().ToString("N"),
            ServerAction.LaunchTopic,
            new JsonObject
            {
                ["actionIdentifier"] = Identifier,
                ["selection"] = new JsonArray(new JsonObject { ["entityId"] = projectId, ["entityType"] = "show" }),
            },
            new JsonObject { ["user"] = user });
    }

    /// <summary>True for an auto-sync value that is on (ftrack booleans, and the strings "1"/"true" older values use, non-zero numbers).</summary>
    public static bool IsOn(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Trim() is "1" || string.Equals(v.GetValue<string>().Trim(), "true", StringComparison.OrdinalIgnoreCase),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>() != 0,
        _ => false,
    };
}
