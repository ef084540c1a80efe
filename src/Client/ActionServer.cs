using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Client;

/// <summary>
/// <c>serve</c>: the artist's action server (behaviour reference §3.3 LocalAction, C-04), the desktop mode of the slice
/// pipeline. It holds the artist's own ftrack hub session and answers ftrack's action menu for that user only: discover
/// and launch events are subscribed with <c>source.user.username</c> = the artist, and each goes through the desktop
/// routes (<see cref="DesktopModule"/>) to the local action slices, which advertise
/// <c>&lt;identifier&gt;.&lt;process id&gt;</c>, so with several machines logged in, a launch runs where it was discovered.
/// <para>Control is JSON lines: stdin takes <c>{"command":"status"}</c>, <c>{"command":"credentials",...}</c> and
/// <c>{"command":"stop"}</c>; stdout gives <c>started</c>, <c>status</c> (on change and on request),
/// <c>heartbeat</c> (every <see cref="HeartbeatInterval"/>) and <c>error</c> events. When stdin closes (the launcher
/// went away) the server stops, so no orphan is left.</para>
/// </summary>
/// <param name="environment">The launcher's environment (credentials, servers).</param>
/// <param name="input">Control lines (stdin).</param>
/// <param name="output">Event lines (stdout).</param>
/// <param name="log">Warnings and errors (stderr).</param>
/// <param name="time">The clock of the heartbeat.</param>
/// <param name="launcher">Opens the URIs AYON's actions answer; the AYON launcher (<see cref="DetachedAyonLauncher"/>) when null.</param>
public sealed class ActionServer(DesktopEnvironment environment, TextReader input, TextWriter output, TextWriter log, TimeProvider time, IAyonLauncher? launcher = null)
{
    /// <summary>How often a <c>heartbeat</c> line is written (the launcher restarts a child silent for 45 s).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    private readonly ActionServerIdentity _identity = ActionServerIdentity.New();
    private readonly Lock _outputGate = new();
    private readonly List<string> _subscriptions = [];

    /// <summary>This process's part of every action identifier it advertises.</summary>
    public string ProcessId => _identity.ProcessId;

    /// <summary>The subscription of one user's action events of <paramref name="topic"/> (discover or launch).</summary>
    public static string Subscription(string topic, string apiUser) =>
        $"topic={topic} and source.user.username=\"{(apiUser ?? "").Replace("\"", "", StringComparison.Ordinal)}\"";

    /// <summary>Runs until stdin closes, <c>stop</c> arrives or <paramref name="cancellationToken"/> fires; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var handlers = await LoadHandlersAsync(cancellationToken);
        var provider = environment.BuildDesktopServices(_identity, log, launcher, handlers.Modules);
        await using (provider.ConfigureAwait(false))
        {
            var connection = provider.GetRequiredService<FtrackConnection>();
            var credentials = connection.Required;
            var hub = provider.GetRequiredService<IFtrackEventHub>();
            var dispatcher = provider.GetRequiredService<SliceDispatcher>();
            Write(new JsonObject { ["event"] = "started", ["pid"] = Environment.ProcessId, ["identifier"] = ProcessId });
            if (!environment.HasAyon)
            {
                await log.WriteLineAsync("warning: AYON_SERVER_URL or AYON_API_KEY is not set: the actions that read AYON (Applications) answer nothing");
            }

            hub.ConnectionChanged += (_, e) => WriteStatus(e.IsConnected, connection.Current?.ApiUser ?? credentials.ApiUser);
            await hub.StartAsync(stop.Token);
            await SubscribeAsync(hub, dispatcher, credentials.ApiUser, stop.Token);
            WriteStatus(hub.IsConnected, credentials.ApiUser);

            var heartbeat = HeartbeatAsync(stop.Token);
            try
            {
                await ControlAsync(hub, dispatcher, connection, credentials.ApiUser, stop);
            }
            finally
            {
                await stop.CancelAsync();
                await hub.StopAsync(CancellationToken.None);
                await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        return 0;
    }

    /// <summary>
    /// Integrators' desktop slices (<see cref="DesktopHandlers"/>), loaded before the pipeline is built; heartbeats go on
    /// meanwhile, so a long download is not taken for a silent child by the launcher (45 s).
    /// </summary>
    private async Task<DesktopHandlers> LoadHandlersAsync(CancellationToken cancellationToken)
    {
        using var loading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(loading.Token);
        try
        {
            return await DesktopHandlers.LoadAsync(environment, log, time, cancellationToken);
        }
        finally
        {
            await loading.CancelAsync();
            await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Subscribes the user's discover and launch events, each dispatched through the desktop routes.</summary>
    private async Task SubscribeAsync(IFtrackEventHub hub, SliceDispatcher dispatcher, string user, CancellationToken cancellationToken)
    {
        foreach (var id in _subscriptions)
        {
            await hub.UnsubscribeAsync(id, cancellationToken);
        }

        _subscriptions.Clear();
        foreach (var topic in new[] { ServerAction.DiscoverTopic, ServerAction.LaunchTopic })
        {
            _subscriptions.Add(await hub.SubscribeAsync(Subscription(topic, user), (e, ct) => DispatchAsync(dispatcher, e, ct), null, cancellationToken));
        }
    }

    /// <summary>Runs the desktop routes for one event; the slices reply on the hub themselves. A slice's failure is logged, never thrown.</summary>
    private async Task<JsonNode?> DispatchAsync(SliceDispatcher dispatcher, FtrackEvent e, CancellationToken cancellationToken)
    {
        var report = await dispatcher.DispatchAsync(e.Topic, e, cancellationToken);
        if (!report.Succeeded)
        {
            await log.WriteLineAsync($"warning: ftrack event {e.Id} ({e.Topic}): {report.FailureSummary.Replace(Environment.NewLine, "; ", StringComparison.Ordinal)}");
        }

        return null;
    }

    private async Task ControlAsync(IFtrackEventHub hub, SliceDispatcher dispatcher, FtrackConnection connection, string user, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var line = await input.ReadLineAsync(stop.Token);
            if (line is null)
            {
                return; // stdin closed: the launcher is gone.
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            JsonObject? command;
            try
            {
                command = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                command = null;
            }

            switch (command?["command"]?.GetValue<string>())
            {
                case "status":
                    WriteStatus(hub.IsConnected, user);
                    break;
                case "stop":
                    return;
                case "credentials" when command["username"]?.GetValue<string>() is { Length: > 0 } username
                    && command["api_key"]?.GetValue<string>() is { Length: > 0 } apiKey:
                    // New login: the next connection uses it; the hub reconnects with it, subscribed to the new user's events.
                    connection.Use(new FtrackCredentials(connection.Required.ServerUrl, username, apiKey));
                    user = username;
                    await hub.StopAsync(CancellationToken.None);
                    await SubscribeAsync(hub, dispatcher, user, stop.Token);
                    await hub.StartAsync(stop.Token);
                    WriteStatus(hub.IsConnected, user);
                    break;
                default:
                    Write(new JsonObject { ["event"] = "error", ["message"] = $"unknown control line ({Math.Min(line.Length, 200)} characters): expected a JSON object with command status, credentials or stop" });
                    break;
            }
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Write(new JsonObject { ["event"] = "heartbeat" });
        }
    }

    private void WriteStatus(bool connected, string user) =>
        Write(new JsonObject { ["event"] = "status", ["state"] = connected ? "connected" : "connecting", ["user"] = user });

    private void Write(JsonObject line)
    {
        lock (_outputGate)
        {
            output.WriteLine(line.ToJsonString());
            output.Flush();
        }
    }
}
