using System.Collections.Concurrent;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// The sessions the emulator has opened. On the real server (<c>ayon_server/api/auth.py</c>, <c>user_from_request</c>) the
/// first request authenticated by an API key creates a session whose token is the key itself; that token then works as
/// <c>Authorization: Bearer</c> and as the <c>token</c> of the websocket's auth message (<c>Session.check</c>). Only the
/// SHA-256 of a token is kept.
/// </summary>
internal sealed class AyonSessions
{
    private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);

    /// <summary>Opens (or keeps) the session of an API key that just authenticated.</summary>
    public void Open(string apiKey) => _tokens.TryAdd(AyonEmulator.HashKey(apiKey), true);

    /// <summary>True when <paramref name="token"/> is the token of an open session.</summary>
    public bool IsOpen(string token) => _tokens.ContainsKey(AyonEmulator.HashKey(token));
}
