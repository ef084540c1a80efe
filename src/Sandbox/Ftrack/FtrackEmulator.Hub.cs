using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ftrack.Hub;

namespace AyonFtrack.Sandbox.Ftrack;

/// <summary>The ftrack emulator as a whole server: REST API and event hub on one port, as ftrack serves them.</summary>
public sealed partial class FtrackEmulator
{
    /// <summary>The event hub of this server, when started with <see cref="StartWithHubAsync"/>.</summary>
    public FtrackHubServer? Hub { get; private set; }

    /// <summary>The hub, or a clear error when this emulator was started without one.</summary>
    public FtrackHubServer RequiredHub => Hub ?? throw new InvalidOperationException("This ftrack emulator was started without its event hub (use StartWithHubAsync).");

    /// <summary>
    /// Starts the REST API and the event hub on one loopback port. Every committed change is published on the hub as
    /// <c>ftrack.update</c> (and also handed to <see cref="FtrackEmulatorOptions.EventSink"/> when one is given); the hub
    /// accepts the same credentials as the REST API.
    /// </summary>
    public static async Task<FtrackEmulator> StartWithHubAsync(FtrackEmulatorOptions options, FtrackHubServerOptions? hubOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        FtrackEmulator? emulator = null;
        var hub = new FtrackHubServer((user, key) => emulator?.IsValidKey(user, key) == true, hubOptions, options.TimeProvider);
        try
        {
            emulator = await StartAsync(
                new FtrackEmulatorOptions
                {
                    Port = options.Port,
                    ApiUser = options.ApiUser,
                    TimeProvider = options.TimeProvider,
                    EventSink = options.EventSink is { } extra ? new TeeSink(hub, extra) : hub,
                    MapExtraEndpoints = endpoints =>
                    {
                        hub.MapEndpoints(endpoints);
                        options.MapExtraEndpoints?.Invoke(endpoints);
                    },
                },
                cancellationToken);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        emulator.Hub = hub;
        return emulator;
    }

    private sealed class TeeSink(IFtrackEventSink first, IFtrackEventSink second) : IFtrackEventSink
    {
        public void Publish(JsonObject ftrackEvent)
        {
            first.Publish(ftrackEvent);
            second.Publish((JsonObject)ftrackEvent.DeepClone());
        }
    }
}
