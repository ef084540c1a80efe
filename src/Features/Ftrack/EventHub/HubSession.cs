using System.Net.WebSockets;
using System.Text;

namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// One socket.io 0.9 connection of the hub (ftrack-protocol.md §3): the handshake, the WebSocket address, serialised sends,
/// its own cancellation and the reason it ended. The hub's supervisor opens one at a time; its reader reads it.
/// </summary>
internal sealed class HubSession(ClientWebSocket socket, CancellationTokenSource cancellation) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private string? _endReason;

    public ClientWebSocket Socket { get; } = socket;

    public CancellationToken Token { get; } = cancellation.Token;

    public bool ConnectStarted { get; set; }

    public bool WasConnected { get; set; }

    public string EndReason => _endReason ?? "connection closed";

    public void End(string reason) => Interlocked.CompareExchange(ref _endReason, reason, null);

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            // A frame is never cancelled half-way by a caller: that would abort the whole socket.
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Abort()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }

        Socket.Abort();
    }

    public void Dispose()
    {
        Socket.Dispose();
        cancellation.Dispose();
        _sendLock.Dispose();
    }

    /// <summary>The socket.io handshake (<c>GET /socket.io/1/</c> with the API user and key): the session id, or an error naming the server.</summary>
    public static async Task<string> HandshakeAsync(HttpClient http, FtrackCredentials credentials, TimeSpan timeout, TimeProvider time, CancellationToken stoppingToken)
    {
        var url = new Uri(credentials.ServerUrl, "/socket.io/1/");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("ftrack-user", credentials.ApiUser);
        request.Headers.Add("ftrack-api-key", credentials.ApiKey);
        using var scope = new HubTimeoutScope(timeout, time, stoppingToken);
        string body;
        try
        {
            using var response = await http.SendAsync(request, scope.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new FtrackEventHubException($"The ftrack event hub handshake at {url} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            body = await response.Content.ReadAsStringAsync(scope.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            throw new FtrackEventHubException($"The ftrack event hub handshake at {url} timed out after {timeout.TotalSeconds:0.###} s.");
        }

        var fields = body.Trim().Split(':');
        if (fields.Length < 4 || fields[0].Length == 0)
        {
            throw new FtrackEventHubException($"The ftrack event hub handshake at {url} returned an unexpected body ({fields.Length} fields, expected sid:heartbeat:close:transports).");
        }

        if (!fields[3].Split(',').Contains("websocket", StringComparer.Ordinal))
        {
            throw new FtrackEventHubException($"The ftrack event hub at {url} does not support websocket sessions.");
        }

        return fields[0];
    }

    /// <summary>The WebSocket address of session <paramref name="sid"/> (<c>ws</c>, or <c>wss</c> for https).</summary>
    public static Uri WebSocketUri(Uri serverUrl, string sid) =>
        new UriBuilder(serverUrl)
        {
            Scheme = serverUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = "/socket.io/1/websocket/" + Uri.EscapeDataString(sid),
            Query = "",
        }.Uri;
}

/// <summary>A linked token that also fires after a timeout measured on the hub's <see cref="TimeProvider"/>.</summary>
internal sealed class HubTimeoutScope : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public HubTimeoutScope(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _timeout = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timeout.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
