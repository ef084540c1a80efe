using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>
/// Where the ftrack emulator's REST side hands the events the server generates (one <c>ftrack.update</c>
/// per committed request, ftrack-protocol.md §4). The event hub implements it and routes the event to
/// its subscribers; tests may collect the events directly.
/// </summary>
public interface IFtrackEventSink
{
    /// <summary>Publishes one server-generated event in the hub's camelCase shape (ftrack-protocol.md §3.4).</summary>
    void Publish(JsonObject ftrackEvent);
}
