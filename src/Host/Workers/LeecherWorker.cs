using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Leech;
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
    ILeechSpool spool,
    FtrackConnection ftrack,
    RememberedFtrackConnection remembered,
    IOptions<LocalFtrackOptions> localFtrack,
    IOptions<LeecherOptions> options,
    AyonKeyWatch keyWatch,
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
            hub.SetRejectedFrameHandler(KeepRefusedFrameAsync);

            // Issue 14 (4): with a known ftrack connection the leecher listens (and spools) before AYON answers.
            var early = EarlyConnection();
            if (early is not null)
            {
                ftrack.Use(early.Value.Credentials);
                Log.ListeningEarly(logger, early.Value.Credentials.ServerUrl, early.Value.Source);
                await ListenAsync(stoppingToken);
            }

            await bootstrap.ConnectAyonAsync(stoppingToken);

            // Events spooled before a restart reach AYON as soon as it answers, whatever ftrack does. The drainer ends only
            // by a stop or a fault (a key AYON keeps rejecting), which ends the service even while ftrack is unreachable.
            var draining = drainer.RunAsync(stoppingToken);
            var connecting = bootstrap.ConnectFtrackAsync(stoppingToken);
            if (await Task.WhenAny(draining, connecting) == draining)
            {
                await draining;
            }

            var identity = await connecting;
            Remember(identity.Credentials, early?.Credentials);
            if (early is null)
            {
                await ListenAsync(stoppingToken);
            }
            else if (identity.Credentials != early.Value.Credentials)
            {
                // AYON's settings name another ftrack connection than the remembered one: listen there from now on.
                Log.ConnectionReplaced(logger, identity.Credentials.ServerUrl);
                await hub.StopAsync(stoppingToken);
                await hub.StartAsync(stoppingToken);
            }

            var marking = StoreMarkersAsync(connects.Reader, identity, stoppingToken);
            var checking = CheckLivenessAsync(stoppingToken);

            // Each loop runs until the stop; the first to end by a fault ends the service with it.
            await await Task.WhenAny(draining, marking, checking);
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

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        await hub.SubscribeAsync("topic=*", OnEventAsync, new JsonObject { ["applicationId"] = ApplicationId }, cancellationToken);
        await hub.StartAsync(cancellationToken);
    }

    /// <summary>FTRACK_SERVER/FTRACK_API_USER/FTRACK_API_KEY (or <c>Ftrack:*</c>) when given, else the remembered connection unless turned off.</summary>
    private (FtrackCredentials Credentials, string Source)? EarlyConnection()
    {
        var local = localFtrack.Value;
        if (local.IsComplete && local.ServerUrl is { } url)
        {
            return (new FtrackCredentials(url, local.ApiUser ?? "", local.ApiKey ?? ""), "the local configuration (FTRACK_SERVER, FTRACK_API_USER, FTRACK_API_KEY)");
        }

        if (!options.Value.RememberFtrackConnection)
        {
            remembered.Forget();
            return null;
        }

        return remembered.Read() is { } credentials ? (credentials, $"the connection remembered in {remembered.Path}") : null;
    }

    private void Remember(FtrackCredentials credentials, FtrackCredentials? known)
    {
        if (options.Value.RememberFtrackConnection && !localFtrack.Value.IsComplete && credentials != known)
        {
            remembered.Save(credentials);
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
        var report = await dispatcher.DispatchAsync(ftrackEvent.Topic, ftrackEvent, cancellationToken);
        if (report.Outcomes.Any(o => o.Kind != SliceOutcomeKind.Succeeded))
        {
            // Not spooled: kept as a dead letter rather than lost without a word.
            var reason = $"the leech pipeline did not store it: {report.FailureSummary}";
            await spool.AddDeadLetterAsync(ftrackEvent.Id, ftrackEvent.Topic, $"Refused {ftrackEvent.Topic}", HubText(ftrackEvent), reason, cancellationToken);
            Log.EventDeadLettered(logger, ftrackEvent.Id, ftrackEvent.Topic, reason);
        }

        return null;
    }

    /// <summary>A hub frame the reader refused (bad JSON, surrogates, bad UTF-8, odd types, oversize): one dead letter with what was recovered.</summary>
    private async Task KeepRefusedFrameAsync(FtrackRejectedFrame frame, CancellationToken cancellationToken)
    {
        var payload = frame.Content ?? (frame.FilePath is { } path ? $"(the {frame.Size}-byte frame is in {path})" : "");
        await spool.AddDeadLetterAsync(frame.EventId ?? "", frame.Topic ?? "", $"Refused hub frame of {frame.Size} bytes", payload, frame.Reason, cancellationToken);
        Log.FrameDeadLettered(logger, frame.EventId ?? "?", frame.Topic ?? "?", frame.Size, frame.Reason);
    }

    private static string HubText(FtrackEvent ftrackEvent)
    {
        try
        {
            return ftrackEvent.ToHub().ToJsonString(HubJson.Options);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or ArgumentException)
        {
            return "";
        }
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

    /// <summary>
    /// The "leecher started" decision (L-02) after hub connects. The first connect of the process decides at once; a
    /// reconnect waits until the hub has stayed up for <see cref="LeecherOptions.ResyncDebounce"/>, so a run of flaps
    /// makes one decision (one resync at most), not one per reconnect.
    /// </summary>
    private async Task StoreMarkersAsync(ChannelReader<int> connects, FtrackIdentity identity, CancellationToken cancellationToken)
    {
        while (await connects.WaitToReadAsync(cancellationToken))
        {
            var connect = Latest(connects);
            if (connect > 1 && !await SettledAsync(connects, value => connect = value, cancellationToken))
            {
                continue;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var stored = await marker.StoreUnlessPendingAsync(identity.Credentials.ApiUser, identity.UserId, cancellationToken);
                    keyWatch.Accepted();
                    Log.Marker(logger, connect, stored ? "stored" : "not stored: an earlier one is still unprocessed");
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (AyonKeyWatch.IsUnauthorized(ex))
                    {
                        keyWatch.Rejected(options.Value.UnauthorizedExitAfter, $"{LeecherOptions.Section}:{nameof(LeecherOptions.UnauthorizedExitAfter)}");
                    }

                    Log.MarkerFailed(logger, connect, ServiceBootstrap.Reason(ex));
                    await Task.Delay(TimeSpan.FromSeconds(5), time, cancellationToken);
                }
            }
        }
    }

    /// <summary>Waits out the debounce window, restarting it on every further reconnect; false when the hub is down at its end.</summary>
    private async Task<bool> SettledAsync(ChannelReader<int> connects, Action<int> reconnected, CancellationToken cancellationToken)
    {
        var window = options.Value.ResyncDebounce;
        while (true)
        {
            using var quiet = new CancellationTokenSource(window, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
            try
            {
                await connects.WaitToReadAsync(linked.Token);
                reconnected(Latest(connects));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The window passed without a reconnect. Down now: the next connect decides.
                return hub.IsConnected;
            }
        }
    }

    private static int Latest(ChannelReader<int> connects)
    {
        var latest = 0;
        while (connects.TryRead(out var connect))
        {
            latest = connect;
        }

        return latest;
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

        [LoggerMessage(EventId = 1025, Level = LogLevel.Error, Message = "ftrack event {FtrackEventId} ({Topic}) moved to the dead-letter table: {Reason}")]
        public static partial void EventDeadLettered(ILogger logger, string ftrackEventId, string topic, string reason);

        [LoggerMessage(EventId = 1026, Level = LogLevel.Error, Message = "Refused hub frame of ftrack event {FtrackEventId} ({Topic}, {Size} bytes) moved to the dead-letter table: {Reason}")]
        public static partial void FrameDeadLettered(ILogger logger, string ftrackEventId, string topic, long size, string reason);

        [LoggerMessage(EventId = 1027, Level = LogLevel.Information, Message = "Listening to ftrack at {ServerUrl} before AYON answers, from {Source}; events wait in the spool")]
        public static partial void ListeningEarly(ILogger logger, Uri serverUrl, string source);

        [LoggerMessage(EventId = 1028, Level = LogLevel.Warning, Message = "AYON's settings name another ftrack connection ({ServerUrl}); the hub reconnects with it")]
        public static partial void ConnectionReplaced(ILogger logger, Uri serverUrl);

        [LoggerMessage(EventId = 1023, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
