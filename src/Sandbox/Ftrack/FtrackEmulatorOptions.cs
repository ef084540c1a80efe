namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>Options of <see cref="FtrackEmulator"/>.</summary>
public sealed class FtrackEmulatorOptions
{
    /// <summary>The loopback port; 0 picks a free one (read it back from <see cref="FtrackEmulator.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>Receives one <c>ftrack.update</c> per committed <c>/api</c> request that changed something.</summary>
    public IFtrackEventSink? EventSink { get; init; }

    /// <summary>Maps more endpoints on the same app (the event hub is mapped here).</summary>
    public Action<IEndpointRouteBuilder>? MapExtraEndpoints { get; init; }

    /// <summary>The username of the API user the emulator creates (its key is generated).</summary>
    public string ApiUser { get; init; } = "ayon.service";

    /// <summary>The clock for server-filled dates (<c>created_at</c>, note <c>date</c>, ...).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
