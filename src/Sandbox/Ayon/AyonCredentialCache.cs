using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Authentication without a database round trip per request: the user rows an API key (and <c>x-as-user</c>) resolved to,
/// kept as their stored text and turned into fresh <see cref="AyonUserRecord"/>s per request (so no request shares mutable
/// JSON with another). An entry is valid only while <see cref="AyonStore.UsersVersion"/> is the one it was read under: any
/// change to the users table (new key, deactivation, role change) sends the next request back to the database.
/// </summary>
internal sealed class AyonCredentialCache
{
    private const int Capacity = 1024;
    private readonly ConcurrentDictionary<(string Key, string AsUser), Entry> _entries = new();

    /// <summary>The key's owner and the acting user (the impersonated one when a service key sent <c>x-as-user</c>); nulls when unknown.</summary>
    public async Task<(AyonUserRecord? Owner, AyonUserRecord? Acting)> FindAsync(AyonStore store, string apiKey, string asUser, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue((apiKey, asUser), out var cached) && cached.Version == store.UsersVersion)
        {
            return Materialize(cached);
        }

        var entry = await store.ReadAsync(db =>
        {
            var version = store.UsersVersion;
            var owner = db.Query("SELECT name, active, attrib, data, created_at, updated_at FROM users WHERE api_key_hash = @k", Read, ("@k", AyonEmulator.HashKey(apiKey))).FirstOrDefault();
            var acting = owner is not null && owner.ToRecord().IsService && !string.IsNullOrEmpty(asUser)
                ? db.Query("SELECT name, active, attrib, data, created_at, updated_at FROM users WHERE name = @n", Read, ("@n", asUser)).FirstOrDefault()
                : owner;
            return new Entry(version, owner, acting);
        }, cancellationToken);
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[(apiKey, asUser)] = entry;
        return Materialize(entry);
    }

    private static (AyonUserRecord?, AyonUserRecord?) Materialize(Entry entry) => (entry.Owner?.ToRecord(), entry.Acting?.ToRecord());

    private static UserRow Read(SqliteDataReader r) => new(r.GetString(0), r.GetInt64(1) != 0, r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5));

    private sealed record Entry(long Version, UserRow? Owner, UserRow? Acting);

    /// <summary>A users row as stored (JSON as text).</summary>
    private sealed record UserRow(string Name, bool Active, string Attrib, string Data, string CreatedAt, string UpdatedAt)
    {
        public AyonUserRecord ToRecord() => new(
            Name,
            Active,
            System.Text.Json.Nodes.JsonNode.Parse(Attrib) as System.Text.Json.Nodes.JsonObject ?? [],
            System.Text.Json.Nodes.JsonNode.Parse(Data) as System.Text.Json.Nodes.JsonObject ?? [],
            CreatedAt,
            UpdatedAt);
    }
}
