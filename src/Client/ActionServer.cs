using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.EventHub;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Client;

/// <summary>
/// <c>serve</c>: the artist's action server (behaviour reference §3.3 LocalAction, C-04). It holds the artist's own
/// ftrack hub session and answers ftrack's action menu for that user only: discover events are subscribed with
/// <c>source.user.username</c> = the artist, and each action advertises <c>&lt;identifier&gt;.&lt;process id&gt;</c>,
/// so with several machines logged in, a launch runs where it was discovered.
/// <para>Control is JSON lines: stdin takes <c>{"command":"status"}</c>, <c>{"command":"credentials",...}</c> and
/// <c>{"command":"stop"}</c>; stdout gives <c>started</c>, <c>status</c> (on change and on request),
/// <c>heartbeat</c> (every <see cref="HeartbeatInterval"/>) and <c>error</c> events. When stdin closes (the launcher
/// went away) the server stops, so no orphan is left.</para>
/// </summary>
public sealed class ActionServer(DesktopEnvironment environment, TextReader input, TextWriter output, TextWriter log, TimeProvider time)
{
    /// <summary>How often a <c>heartbeat</c> line is written (the launcher restarts a child silent for 45 s).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>This process's part of every action identifier it advertises.</summary>
    public string ProcessId { get; } = Guid.NewGuid().ToString("N");

    private readonly Lock _outputGate = new();

    /// <summary>Runs until stdin closes, <c>stop</c> arrives or <paramref name="cancellationToken"/> fires; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var provider = environment.BuildServices(withAyon: false, log);
        await using (provider.ConfigureAwait(false))
        {
            var credentials = provider.GetRequiredService<FtrackConnection>().Required;
            var hub = provider.GetRequiredService<IFtrackEventHub>();
            Write(new JsonObject { ["event"] = "started", ["pid"] = Environment.ProcessId, ["identifier"] = ProcessId });
            hub.ConnectionChanged += (_, e) => WriteStatus(e.IsConnected, credentials.ApiUser);
            var actions = new LocalActions(ProcessId, credentials.ApiUser);
            await hub.StartAsync(stop.Token);
            await hub.SubscribeAsync(actions.DiscoverSubscription, (e, ct) => Task.FromResult(actions.Discover(e)), null, stop.Token);
            await hub.SubscribeAsync(actions.LaunchSubscription, (e, ct) => Task.FromResult(actions.Launch(e)), null, stop.Token);
            WriteStatus(hub.IsConnected, credentials.ApiUser);

            var heartbeat = HeartbeatAsync(stop.Token);
            try
            {
                await ControlAsync(hub, provider.GetRequiredService<FtrackConnection>(), credentials.ApiUser, stop);
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

    private async Task ControlAsync(IFtrackEventHub hub, FtrackConnection connection, string user, CancellationTokenSource stop)
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
                    // New login: the next connection uses it; the hub reconnects with it.
                    connection.Use(new FtrackCredentials(connection.Required.ServerUrl, username, apiKey));
                    user = username;
                    await hub.StopAsync(CancellationToken.None);
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

/// <summary>
/// The artist's local actions (behaviour reference §3.3 LocalAction). Today: U-16 "Where I run", which answers
/// with the host facts of the machine whose action server the artist launched it on.
/// </summary>
public sealed class LocalActions(string processId, string apiUser)
{
    public const string WhereIRunIdentifier = "ayon.ask.where.i.run";

    /// <summary>Discover events of this user only.</summary>
    public string DiscoverSubscription => $"topic=ftrack.action.discover and source.user.username=\"{Escape(apiUser)}\"";

    /// <summary>Launch events of this user for any process's identifier of our actions.</summary>
    public string LaunchSubscription => $"topic=ftrack.action.launch and source.user.username=\"{Escape(apiUser)}\"";

    /// <summary>The identifier this process advertises for an action.</summary>
    public string IdentifierOf(string action) => $"{action}.{processId}";

    /// <summary>The discover reply: the actions offered (U-16 is offered for any selection).</summary>
    public JsonNode? Discover(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject
            {
                ["label"] = "AYON Admin",
                ["variant"] = "- Where I run",
                ["description"] = "Shows which machine runs this artist's ftrack actions",
                ["actionIdentifier"] = IdentifierOf(WhereIRunIdentifier),
                ["icon"] = null,
            }),
        };
    }

    /// <summary>The launch reply: null when the identifier is not one of our actions.</summary>
    public JsonNode? Launch(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var identifier = e.Data.TryGetProperty("actionIdentifier", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
        if (!identifier.StartsWith(WhereIRunIdentifier + ".", StringComparison.Ordinal))
        {
            return null;
        }

        if (identifier != IdentifierOf(WhereIRunIdentifier))
        {
            return new JsonObject { ["success"] = false, ["message"] = "There are running more AYON processes where this action could be launched." };
        }

        return new JsonObject { ["success"] = true, ["message"] = HostFacts() };
    }

    /// <summary>Host name, IP address, OS user and system of this machine.</summary>
    public static string HostFacts()
    {
        var host = Dns.GetHostName();
        string ip;
        try
        {
            ip = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString() ?? "unknown";
        }
        catch (SocketException)
        {
            ip = "unknown";
        }

        return $"Hostname: {host}, IP: {ip}, Username: {Environment.UserName}, System: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, PC name: {Environment.MachineName}";
    }

    private static string Escape(string value) => value.Replace("\"", "", StringComparison.Ordinal);
}
