using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.GraphQl;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// A faithful AYON server emulator on 127.0.0.1 over real HTTP (ayon-protocol.md §6.1), state in SQLite.
/// Start with <see cref="StartAsync"/>, dispose to stop. Tests seed it with the <c>...Async</c> methods
/// (users, settings, secrets, files, events), inject faults per route and read request counters.
/// </summary>
public sealed partial class AyonEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AyonFaults _faults;

    private AyonEmulator(WebApplication app, AyonStore store, AyonGraphQl graphQl, AyonFaults faults, AyonEmulatorOptions options, string serviceApiKey)
    {
        _app = app;
        Store = store;
        GraphQl = graphQl;
        _faults = faults;
        Options = options;
        ServiceApiKey = serviceApiKey;
    }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:54321</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1");

    /// <summary>API key of the pre-created service user (<see cref="AyonEmulatorOptions.ServiceUserName"/>).</summary>
    public string ServiceApiKey { get; }

    /// <summary>The options it was started with.</summary>
    public AyonEmulatorOptions Options { get; }

    /// <summary>The state (one SQLite connection, one global lock).</summary>
    public AyonStore Store { get; }

    /// <summary>The GraphQL dispatcher; modules register root and project fields on it.</summary>
    public AyonGraphQl GraphQl { get; }

    /// <summary>The emulator's clock.</summary>
    public TimeProvider Time => Store.Time;

    /// <summary>Starts the emulator and returns once it accepts connections.</summary>
    public static async Task<AyonEmulator> StartAsync(AyonEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddRouting();
        var app = builder.Build();

        var store = new AyonStore(options.DatabasePath, options.TimeProvider);
        var graphQl = new AyonGraphQl();
        var faults = new AyonFaults();
        var apiKey = options.ServiceApiKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var emulator = new AyonEmulator(app, store, graphQl, faults, options, apiKey);
        try
        {
            var modules = DiscoverModules();
            await store.WriteAsync(db =>
            {
                CreateCoreSchema(db);
                UpsertUser(db, options.ServiceUserName, apiKey, new JsonObject { ["isService"] = true }, new JsonObject { ["fullName"] = "Service" });
                foreach (var module in modules)
                {
                    module.Initialize(emulator, db);
                }
            }, cancellationToken);

            AyonPipeline.Configure(app, emulator, faults);
            foreach (var module in modules)
            {
                module.Map(app, emulator);
            }

            AyonPipeline.MapFallback(app);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            emulator.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
            return emulator;
        }
        catch
        {
            await app.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            await Store.DisposeAsync();
        }
    }

    private static List<IAyonEmulatorModule> DiscoverModules() =>
    [
        .. typeof(AyonEmulator).Assembly.GetTypes()
            .Where(t => typeof(IAyonEmulatorModule).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IAyonEmulatorModule)Activator.CreateInstance(t)!)
            .OrderBy(m => m.Order)
            .ThenBy(m => m.GetType().FullName, StringComparer.Ordinal),
    ];

    private static void CreateCoreSchema(AyonDb db)
    {
        db.Execute("""
            CREATE TABLE IF NOT EXISTS users (
                name TEXT PRIMARY KEY,
                api_key_hash TEXT NULL UNIQUE,
                active INTEGER NOT NULL DEFAULT 1,
                attrib TEXT NOT NULL DEFAULT '{}',
                data TEXT NOT NULL DEFAULT '{}',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            """);
        db.Execute("""
            CREATE TEMP TRIGGER IF NOT EXISTS users_changed_insert AFTER INSERT ON main.users BEGIN SELECT ayon_users_changed(); END;
            CREATE TEMP TRIGGER IF NOT EXISTS users_changed_update AFTER UPDATE ON main.users BEGIN SELECT ayon_users_changed(); END;
            CREATE TEMP TRIGGER IF NOT EXISTS users_changed_delete AFTER DELETE ON main.users BEGIN SELECT ayon_users_changed(); END;
            """);
        AyonEventRows.CreateSchema(db);
        AyonEnrollCursors.CreateSchema(db);
    }

    /// <summary>SHA-256 hex of an API key, as stored in <c>users.api_key_hash</c>.</summary>
    internal static string HashKey(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

    /// <summary>Creates or replaces a user row (the key is stored hashed).</summary>
    internal static void UpsertUser(AyonDb db, string name, string? apiKey, JsonObject data, JsonObject attrib)
    {
        var now = db.NowText;
        db.Execute("""
            INSERT INTO users (name, api_key_hash, active, attrib, data, created_at, updated_at)
            VALUES (@n, @k, 1, @a, @d, @now, @now)
            ON CONFLICT(name) DO UPDATE SET api_key_hash = excluded.api_key_hash, attrib = excluded.attrib, data = excluded.data, updated_at = excluded.updated_at
            """, ("@n", name), ("@k", apiKey is null ? null : HashKey(apiKey)), ("@a", attrib), ("@d", data), ("@now", now));
    }

    /// <summary>Reads a user by name, or null.</summary>
    public static AyonUserRecord? FindUser(AyonDb db, string name)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Query("SELECT name, active, attrib, data, created_at, updated_at FROM users WHERE name = @n", ReadUser, ("@n", name)).FirstOrDefault();
    }

    /// <summary>The user rows of (API key, <c>x-as-user</c>) pairs already authenticated, valid while the users table is unchanged.</summary>
    internal AyonCredentialCache Credentials { get; } = new();

    /// <summary>The sessions opened by API keys (their tokens work as Bearer tokens and on <c>/ws</c>).</summary>
    internal AyonSessions Sessions { get; } = new();

    private static AyonUserRecord ReadUser(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetInt64(1) != 0, r.JsonObjectAt(2) ?? [], r.JsonObjectAt(3) ?? [], r.GetString(4), r.GetString(5));
}
