namespace AyonFtrack.Sandbox.Ftrack.Hub;

/// <summary>Settings of the event hub emulator.</summary>
public sealed class FtrackHubServerOptions
{
    /// <summary>How often the server sends <c>2::</c> (ftrack-protocol.md §3.3: 5-10 s in the emulator; tests use less).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a handshake sid may wait for its WebSocket upgrade.</summary>
    public TimeSpan SidLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>source.user.username</c> of the fake web client.</summary>
    public string WebClientUsername { get; set; } = "jane";

    /// <summary><c>source.user.id</c> of the fake web client (an ftrack user id).</summary>
    public string WebClientUserId { get; set; } = "2a8ae090-cbd3-11e8-a87a-0a580aa00121";
}
