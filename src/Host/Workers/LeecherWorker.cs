using System.Text.Json.Nodes;
using System.Threading.Channels;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The leecher (behaviour reference §1.3): every ftrack hub event goes through the leech slices into the durable spool,
/// and the drainer stores them in AYON in order. The hub reconnects forever; after every connect the "leecher started"
/// marker is stored under the original's rule (L-02).
/// </summary>
public sealed partial class LeecherWorker(
    ServiceBootstrap bootstrap,
    IFtrackEventHub hub,
    SliceDispatcher dispatcher,
    LeechDrainer drainer,
    LeecherStartedMarker marker,
    ServiceHeartbeat heartbeat,
    IOptions<LeecherOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<LeecherWorker> logger) : BackgroundService
{
    /// <summary>The subscriber metadata the leecher announces on the hub.</summary>
    public const string ApplicationId = "ayon.ftrack.leecher";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await bootstrap.ConnectAyonAsync(stoppingToken);

            // Events spooled before a restart reach AYON as soon as it answers, whatever ftrack does.
            var draining = drainer.RunAsync(stoppingToken);
            var identity = await bootstrap.ConnectFtrackAsync(stoppingToken);

            var connects = Channel.CreateUnbounded<int>();
            hub.ConnectionChanged += (_, e) =>
            {
                if (e.IsConnected)
                {
                    connects.Writer.TryWrite(e.ConnectCount);
                }
                else
                {
                    Log.HubDown(logger, e.Reason);
                }
            };
            await hub.SubscribeAsync("topic=*", OnEventAsync, new JsonObject { ["applicationId"] = ApplicationId }, stoppingToken);
            await hub.StartAsync(stoppingToken);
            var marking = StoreMarkersAsync(connects.Reader, identity, stoppingToken);
            var checking = CheckLivenessAsync(stoppingToken);
            await Task.WhenAll(draining, marking, checking);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ConfigurationException ex)
        {
            Log.BadConfiguration(logger, ex.Message);
            Environment.ExitCode = ConfigurationException.ExitCode;
            lifetime.StopApplication();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await hub.StopAsync(cancellationToken);
        await base.StopAsync(cancellationToken);
    }

    private async Task<JsonNode?> OnEventAsync(FtrackEvent ftrackEvent, CancellationToken cancellationToken)
    {
        // The leecher never replies: a reply would answer actions on behalf of the processor.
        await dispatcher.DispatchAsync(ftrackEvent.Topic, ftrackEvent, cancellationToken);
        return null;
    }

    /// <summary>Round trips through the hub; a connected hub that does not route the probe back is reconnected.</summary>
    private async Task CheckLivenessAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.LivenessInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (!hub.IsConnected)
            {
                continue;
            }

            if (await hub.CheckLivenessAsync(null, cancellationToken))
            {
                heartbeat.Beat();
                continue;
            }

            Log.NotLive(logger);
            await hub.StopAsync(cancellationToken);
            await hub.StartAsync(cancellationToken);
        }
    }

    private async Task StoreMarkersAsync(ChannelReader<int> connects, FtrackIdentity identity, CancellationToken cancellationToken)
    {
        await foreach (var connect in connects.ReadAllAsync(cancellationToken))
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var stored = await marker.StoreUnlessPendingAsync(identity.Credentials.ApiUser, identity.UserId, cancellationToken);
                    Log.Marker(logger, connect, stored ? "stored" : "not stored: an earlier one is still unprocessed");
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.MarkerFailed(logger, connect, ServiceBootstrap.Reason(ex));
                    await Task.Delay(TimeSpan.FromSeconds(5), time, cancellationToken);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Hub connect #{Connect}: leecher-started marker {Outcome}")]
        public static partial void Marker(ILogger logger, int connect, string outcome);

        [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Hub connect #{Connect}: the leecher-started marker could not be checked ({Reason}); trying again")]
        public static partial void MarkerFailed(ILogger logger, int connect, string reason);

        [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "ftrack event hub disconnected: {Reason}; reconnecting")]
        public static partial void HubDown(ILogger logger, string reason);

        [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "ftrack event hub is connected but did not route a round trip back; reconnecting")]
        public static partial void NotLive(ILogger logger);

        [LoggerMessage(EventId = 1023, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
