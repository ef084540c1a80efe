using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

// Seeding, inspection, fault injection and request counters for tests and benchmarks.
public sealed partial class AyonEmulator
{
    /// <summary>Adds (or replaces) a user. <paramref name="isService"/> ⇒ admin and manager. The key may be null (no API access).</summary>
    public Task AddUserAsync(string name, bool isService, string? apiKey, CancellationToken cancellationToken) =>
        AddUserAsync(name, apiKey, new JsonObject { ["isService"] = isService }, null, cancellationToken);

    /// <summary>Adds (or replaces) a user with explicit <c>data</c> (e.g. <c>isAdmin</c>, <c>isManager</c>) and <c>attrib</c>.</summary>
    public Task AddUserAsync(string name, string? apiKey, JsonObject data, JsonObject? attrib, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(data);
        return Store.WriteAsync(db => UpsertUser(db, name, apiKey, (JsonObject)data.DeepClone(), (JsonObject?)attrib?.DeepClone() ?? []), cancellationToken);
    }

    /// <summary>Inserts an event directly (e.g. with a NULL sender type, as server-internal dispatches have). Returns its id.</summary>
    public Task<string> InsertEventAsync(AyonEventInsert insert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insert);
        return Store.WriteAsync(db => AyonEventRows.Insert(db, insert), cancellationToken);
    }

    /// <summary>Reads one stored event, or null.</summary>
    public Task<AyonEventRow?> GetEventAsync(string id, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => AyonEventRows.Get(db, id), cancellationToken);

    /// <summary>All stored events in creation order (oldest first), optionally of one topic.</summary>
    public Task<List<AyonEventRow>> GetEventsAsync(string? topic, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => db.Query(
            $"SELECT {AyonEventRows.Columns} FROM events WHERE @t IS NULL OR topic = @t ORDER BY creation_order",
            AyonEventRows.Read, ("@t", topic)), cancellationToken);

    /// <summary>Injects a fault for matching requests; see <see cref="AyonFault"/>.</summary>
    public AyonFaultHandle InjectFault(AyonFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return _faults.Add(fault);
    }

    /// <summary>Removes every injected fault.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Requests received per route, keyed <c>"METHOD /path"</c> with 32-hex ids shown as <c>{id}</c>.</summary>
    public IReadOnlyDictionary<string, long> RequestCounts => _faults.Snapshot();

    /// <summary>Requests received whose method matches (null = any) and whose path starts with <paramref name="pathPrefix"/>.</summary>
    public long RequestCount(string? method, string pathPrefix) => _faults.CountOf(method, pathPrefix);

    /// <summary>All requests received since start or the last <see cref="ResetRequestCounts"/>.</summary>
    public long TotalRequestCount => _faults.CountOf(null, "/");

    /// <summary>Sets every request counter back to zero.</summary>
    public void ResetRequestCounts() => _faults.ResetCounts();
}
