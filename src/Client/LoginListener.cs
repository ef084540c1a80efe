using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AyonFtrack.Client;

/// <summary>What came back to the loopback listener on <c>/</c>: the credentials, or why there are none.</summary>
/// <param name="ApiUser">The <c>api_user</c> query parameter (null when missing or unusable).</param>
/// <param name="ApiKey">The <c>api_key</c> query parameter (null when missing or unusable).</param>
/// <param name="Problem">Why the redirect carries no credentials, or null.</param>
internal sealed record LoginRedirect(string? ApiUser, string? ApiKey, string? Problem)
{
    /// <inheritdoc />
    public override string ToString() => Problem is null ? $"redirect for {ApiUser}" : $"redirect without credentials ({Problem})";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ApiUser = ").Append(ApiUser).Append(", ApiKey = ***, Problem = ").Append(Problem);
        return true;
    }
}

/// <summary>
/// The one-shot HTTP listener of the browser login (behaviour reference C-03, <c>login_tools.py</c>): loopback only,
/// on a free port (127.0.0.1, and [::1] on the same port where the machine has IPv6, because the browser resolves the
/// <c>localhost</c> of the redirect URL to either). It waits for exactly one <c>GET /</c>, the redirect from ftrack's
/// <c>/user/api_credentials</c> page, and holds that request open so the caller can answer it after validating the
/// credentials. Other paths (the browser's <c>/favicon.ico</c>) get 404 and other methods 405; neither ends the wait.
/// The request line holds the key: nothing here logs or echoes it.
/// </summary>
/// <remarks>
/// The original accepted any first request, took <c>"api_user" and "api_key" in query</c> as a check (it tests only
/// <c>api_key</c>) and wrote the user name into its page unescaped; here both parameters must be present once and
/// non-empty, the name is HTML-encoded, and the page removes the key from the address bar.
/// </remarks>
internal sealed class LoginListener : IAsyncDisposable
{
    private const int MaxRequestBytes = 16 * 1024;
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(15);

    private readonly List<TcpListener> _listeners;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<(LoginRedirect Redirect, NetworkStream Stream)> _redirect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _work = [];
    private readonly Lock _gate = new();

    private LoginListener(List<TcpListener> listeners, int port)
    {
        _listeners = listeners;
        Port = port;
    }

    /// <summary>The port both loopback addresses listen on.</summary>
    public int Port { get; }

    /// <summary>The <c>redirect_url</c> given to ftrack, as the original gives it.</summary>
    public string RedirectUrl => $"http://localhost:{Port}";

    /// <summary>Binds 127.0.0.1 on a free port (and [::1] on the same port when possible) and starts accepting.</summary>
    public static LoginListener Start()
    {
        var v4 = new TcpListener(IPAddress.Loopback, 0);
        v4.Start();
        var port = ((IPEndPoint)v4.LocalEndpoint).Port;
        var listeners = new List<TcpListener> { v4 };
        if (Socket.OSSupportsIPv6)
        {
            var v6 = new TcpListener(IPAddress.IPv6Loopback, port);
            try
            {
                v6.Start();
                listeners.Add(v6);
            }
            catch (SocketException)
            {
                // No IPv6 loopback here, or the port is taken on it: the browser then reaches us on 127.0.0.1.
                v6.Dispose();
            }
        }

        var listener = new LoginListener(listeners, port);
        foreach (var socket in listeners)
        {
            listener.Track(listener.AcceptLoopAsync(socket));
        }

        return listener;
    }

    /// <summary>Waits for the redirect to <c>/</c>; it stays open until <see cref="AnswerAsync"/>.</summary>
    public async Task<LoginRedirect> WaitAsync(CancellationToken cancellationToken) =>
        (await _redirect.Task.WaitAsync(cancellationToken)).Redirect;

    /// <summary>Answers the redirect with a page (200) and closes the connection.</summary>
    public async Task AnswerAsync(string title, string message, CancellationToken cancellationToken)
    {
        if (!_redirect.Task.IsCompletedSuccessfully)
        {
            return;
        }

        var stream = _redirect.Task.Result.Stream;
        try
        {
            await WriteAsync(stream, 200, "OK", Page(title, message), cancellationToken);
        }
        catch (IOException)
        {
            // The browser left before the answer: the outcome is printed by the command all the same.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _listeners)
        {
            socket.Stop();
            socket.Dispose();
        }

        Task[] work;
        lock (_gate)
        {
            work = [.. _work];
        }

        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_redirect.Task.IsCompletedSuccessfully)
        {
            await _redirect.Task.Result.Stream.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>The query parameters of a request target (<c>+</c> is a space, percent-escapes decoded), each name with all its values.</summary>
    internal static Dictionary<string, List<string>> Query(string query)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (!result.TryGetValue(name, out var values))
            {
                result[name] = values = [];
            }

            values.Add(value);
        }

        return result;
    }

    /// <summary>Reads the credentials from the query of the redirect (both present once and non-empty), or says what is wrong.</summary>
    internal static LoginRedirect FromQuery(string query)
    {
        var parameters = Query(query);
        string? Single(string name, List<string> problems)
        {
            if (!parameters.TryGetValue(name, out var values) || values.All(v => v.Trim().Length == 0))
            {
                problems.Add($"no {name}");
                return null;
            }

            if (values.Count > 1)
            {
                problems.Add($"{name} more than once");
                return null;
            }

            return values[0].Trim();
        }

        var problems = new List<string>();
        var user = Single("api_user", problems);
        var key = Single("api_key", problems);
        return problems.Count == 0 ? new LoginRedirect(user, key, null) : new LoginRedirect(null, null, string.Join(" and ", problems));
    }

    private static string Decode(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return "";
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _work.RemoveAll(t => t.IsCompleted);
            _work.Add(task);
        }
    }

    private async Task AcceptLoopAsync(TcpListener socket)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await socket.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Track(HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        var keep = false;
        var stream = client.GetStream();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(RequestReadTimeout);
            var requestLine = await ReadRequestLineAsync(stream, timeout.Token);
            var parts = requestLine?.Split(' ');
            if (parts is not { Length: 3 } || !parts[1].StartsWith('/'))
            {
                await WriteAsync(stream, 400, "Bad Request", Page("Bad request", "This address only receives the ftrack sign-in."), _stop.Token);
                return;
            }

            var target = parts[1];
            var question = target.IndexOf('?', StringComparison.Ordinal);
            var path = question < 0 ? target : target[..question];
            if (path != "/")
            {
                await WriteAsync(stream, 404, "Not Found", Page("Not found", "This address only receives the ftrack sign-in."), _stop.Token);
                return;
            }

            if (parts[0] != "GET")
            {
                await WriteAsync(stream, 405, "Method Not Allowed", Page("Not allowed", "The ftrack sign-in comes back with GET."), _stop.Token);
                return;
            }

            var redirect = FromQuery(question < 0 ? "" : target[(question + 1)..]);
            keep = _redirect.TrySetResult((redirect, stream));
            if (!keep)
            {
                await WriteAsync(stream, 409, "Conflict", Page("Already received", "This sign-in was already received; you can close this window."), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A connection that sent nothing (a browser's preconnect), broke off or timed out: not the redirect.
        }
        finally
        {
            if (!keep)
            {
                await stream.DisposeAsync();
                client.Dispose();
            }
        }
    }

    /// <summary>Reads the request head (up to the empty line, at most 16 KB) and returns its first line, or null when malformed.</summary>
    private static async Task<string?> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var head = Encoding.Latin1.GetString(buffer, 0, length);
            if (head.Contains("\r\n\r\n", StringComparison.Ordinal) || head.Contains("\n\n", StringComparison.Ordinal))
            {
                return head[..head.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
            }
        }

        return null;
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string reason, string html, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(html);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\n" +
            "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>A small page; the script takes the key out of the address bar and the history entry.</summary>
    private static string Page(string title, string message) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(title)}}</title>
        <meta name="referrer" content="no-referrer">
        <script>if (window.history && history.replaceState) { history.replaceState(null, "", "/"); }</script>
        <style>body{font-family:Arial,sans-serif;background:#131920;color:#fff;text-align:center;margin-top:120px}h1{font-size:28px}p{font-size:17px}</style>
        </head><body><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(message)}}</p></body></html>
        """;
}
