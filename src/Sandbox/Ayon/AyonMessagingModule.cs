using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// The event websocket <c>/ws</c> as ayon-backend serves it (<c>ayon_server/api/server.py</c> <c>ws_endpoint</c>,
/// <c>ayon_server/api/messaging.py</c>, the publish calls of <c>ayon_server/events/eventstream.py</c>):
/// <list type="bullet">
/// <item>Any client may connect; it receives nothing until it sends <c>{"topic":"auth","token":T,"subscribe":[...],"project":P}</c>
/// with the token of an open session (an API key that has authenticated a request works: its session token is the key).
/// A bad token leaves it unauthorized, silently; an unauthorized client is closed (1000) at the first broadcast after 3 s.</item>
/// <item>Every stored event created or updated is pushed, after its transaction commits, as
/// <c>{id, topic, project, user, dependsOn, description, summary, status, sender, senderType, createdAt, updatedAt}</c>
/// (plus <c>progress</c> and <c>store: true</c> on creation) to each authorized client whose subscription is <c>*</c> or a
/// prefix of the topic, with the project, guest and access-group rules of the real loop.</item>
/// <item>When no message went out for 2 s and the last heartbeat is older than 5 s, <c>{"topic":"heartbeat"}</c> goes to
/// every authorized client (heartbeats and <c>server.*</c> are always subscribed).</item>
/// </list>
/// </summary>
internal sealed class AyonMessagingModule : IAyonEmulatorModule
{
    private static readonly string[] AlwaysSubscribe = ["server.started", "server.restart_requested", "heartbeat"];
    private static readonly string[] GuestTopics = ["activity.created", "heartbeat", "activity.updated", "entity.version.updated"];
    private static readonly TimeSpan QuietWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AuthorizeWithin = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<long, WsClient> _clients = new();
    private readonly Channel<JsonObject> _outbox = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<JsonObject> _pending = [];
    private long _nextClientId;

    public int Order => 4;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Connection;
        connection.CreateFunction<string, string, string?, string?, string?, string?, string?, string?, string?, string?, string?, long, bool>(
            "ayon_event_published",
            (id, topic, project, user, dependsOn, description, summary, status, sender, senderType, createdAt, created) =>
                Published(id, topic, project, user, dependsOn, description, summary, status, sender, senderType, createdAt, created != 0));
        db.Execute("""
            CREATE TEMP TRIGGER IF NOT EXISTS ws_events_insert AFTER INSERT ON main.events BEGIN
                SELECT ayon_event_published(NEW.id, NEW.topic, NEW.project, NEW.user, NEW.depends_on, NEW.description, NEW.summary,
                    NEW.status, NEW.sender, NEW.sender_type, NEW.created_at || '|' || NEW.updated_at, 1);
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS ws_events_update AFTER UPDATE ON main.events BEGIN
                SELECT ayon_event_published(NEW.id, NEW.topic, NEW.project, NEW.user, NEW.depends_on, NEW.description, NEW.summary,
                    NEW.status, NEW.sender, NEW.sender_type, NEW.created_at || '|' || NEW.updated_at, 0);
            END;
            """);

        // Messages leave only with their transaction: queued at commit, dropped at rollback.
        SQLitePCL.raw.sqlite3_commit_hook(connection.Handle, _ =>
        {
            Flush(send: true);
            return 0;
        }, null);
        SQLitePCL.raw.sqlite3_rollback_hook(connection.Handle, _ => Flush(send: false), null);
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(emulator);
        var lifetime = routes.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        var stopping = lifetime.ApplicationStopping;
        _ = PumpAsync(stopping);
        routes.MapGet("/ws", (HttpContext http) => AcceptAsync(http, emulator, stopping)).AllowAnonymous();
    }

    private bool Published(string id, string topic, string? project, string? user, string? dependsOn, string? description, string? summary,
        string? status, string? sender, string? senderType, string? timestamps, bool created)
    {
        if (_clients.IsEmpty)
        {
            return false;
        }

        var times = (timestamps ?? "|").Split('|');
        var message = new JsonObject
        {
            ["id"] = id,
            ["topic"] = topic,
            ["project"] = project,
            ["user"] = user,
            ["dependsOn"] = dependsOn,
            ["description"] = description,
            ["summary"] = summary is null ? new JsonObject() : JsonNode.Parse(summary),
            ["status"] = status,
        };
        if (created)
        {
            message["progress"] = null;
        }

        message["sender"] = sender;
        message["senderType"] = senderType;
        if (created)
        {
            message["store"] = true;
        }

        message["createdAt"] = times[0];
        message["updatedAt"] = times.Length > 1 ? times[1] : times[0];
        lock (_pending)
        {
            _pending.Add(message);
        }

        return true;
    }

    private void Flush(bool send)
    {
        lock (_pending)
        {
            if (send)
            {
                foreach (var message in _pending)
                {
                    _outbox.Writer.TryWrite(message);
                }
            }

            _pending.Clear();
        }
    }

    private async Task AcceptAsync(HttpContext http, AyonEmulator emulator, CancellationToken stopping)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await AyonHttp.Error(404, "Not Found").ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var client = new WsClient(socket, TimeProvider.System.GetTimestamp());
        var id = Interlocked.Increment(ref _nextClientId);
        _clients[id] = client;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, http.RequestAborted);
        try
        {
            while (!linked.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var text = await ReceiveTextAsync(socket, linked.Token);
                if (text is null)
                {
                    break;
                }

                if (Parse(text) is { } message && message["topic"] is JsonValue t && t.TryGetValue<string>(out var topic) && topic == "auth"
                    && message["token"] is JsonValue tokenValue && tokenValue.TryGetValue<string>(out var token))
                {
                    await AuthorizeAsync(client, emulator, token, message, linked.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            _clients.TryRemove(id, out _);
        }
    }

    private static async Task AuthorizeAsync(WsClient client, AyonEmulator emulator, string token, JsonObject message, CancellationToken cancellationToken)
    {
        if (!emulator.Sessions.IsOpen(token))
        {
            return;
        }

        var (owner, _) = await emulator.Credentials.FindAsync(emulator.Store, token, "", cancellationToken);
        if (owner is null || !owner.Active)
        {
            return;
        }

        var topics = (message["subscribe"] as JsonArray ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null)
            .OfType<string>()
            .ToList();
        client.Topics = topics.Contains("*") ? ["*"] : [.. topics, .. AlwaysSubscribe];
        client.Project = message["project"] is JsonValue p && p.TryGetValue<string>(out var project) ? project : null;
        client.User = owner;
        client.Authorized = true;
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string?> ReceiveTextAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
            }
        }
    }

    /// <summary>The messaging loop: one message at a time to every client that should get it, heartbeats when quiet, then the purge.</summary>
    private async Task PumpAsync(CancellationToken stopping)
    {
        var lastHeartbeat = TimeProvider.System.GetTimestamp();
        while (!stopping.IsCancellationRequested)
        {
            JsonObject? message = null;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                wait.CancelAfter(QuietWait);
                try
                {
                    message = await _outbox.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (message is null)
            {
                if (TimeProvider.System.GetElapsedTime(lastHeartbeat) <= HeartbeatInterval)
                {
                    continue;
                }

                message = new JsonObject { ["topic"] = "heartbeat" };
                lastHeartbeat = TimeProvider.System.GetTimestamp();
            }

            var text = message.ToJsonString();
            var topic = message["topic"]!.GetValue<string>();
            var project = message["project"] is JsonValue pv && pv.TryGetValue<string>(out var p) ? p : null;
            foreach (var client in _clients.Values)
            {
                if (client.Authorized && ShouldReceive(client, topic, project))
                {
                    await client.SendAsync(text, stopping);
                }
            }

            await PurgeAsync(stopping);
        }
    }

    private static bool ShouldReceive(WsClient client, string topic, string? project)
    {
        if (project is not null)
        {
            var everywhere = topic == "inbox.message" || AlwaysSubscribe.Contains(topic);
            if (!everywhere && client.Project is not null && client.Project != project)
            {
                return false;
            }

            if (client.User is { } user)
            {
                if (user.IsGuest)
                {
                    if (!GuestTopics.Contains(topic))
                    {
                        return false;
                    }
                }
                else if (!user.IsManager && !(user.Data["accessGroups"] is JsonObject groups && groups.ContainsKey(project)))
                {
                    return false;
                }
            }
        }

        return AlwaysSubscribe.Contains(topic) || client.Topics.Any(t => t == "*" || topic.StartsWith(t, StringComparison.Ordinal));
    }

    private async Task PurgeAsync(CancellationToken stopping)
    {
        foreach (var (id, client) in _clients)
        {
            if (!client.Authorized && TimeProvider.System.GetElapsedTime(client.ConnectedAt) > AuthorizeWithin)
            {
                _clients.TryRemove(id, out _);
                await client.CloseAsync(stopping);
            }
        }
    }

    /// <summary>One connected socket; only the messaging loop sends on it.</summary>
    private sealed class WsClient(WebSocket socket, long connectedAt)
    {
        public long ConnectedAt { get; } = connectedAt;

        public volatile bool Authorized;

        public IReadOnlyList<string> Topics { get; set; } = [];

        public string? Project { get; set; }

        public AyonUserRecord? User { get; set; }

        public async Task SendAsync(string text, CancellationToken cancellationToken)
        {
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
            }
        }
    }
}
