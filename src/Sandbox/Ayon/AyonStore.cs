using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// The AYON emulator's state: one SQLite connection (a file, or <c>:memory:</c>) guarded by one global
/// lock. Every access — reads and mutations — goes through <see cref="ReadAsync{T}"/> or
/// <see cref="WriteAsync{T}"/>, so requests are serialized and a mutation (e.g. one enroll) is atomic with
/// respect to every other request. <see cref="WriteAsync{T}"/> runs the work in a transaction that commits
/// when the work returns and rolls back when it throws.
/// </summary>
public sealed class AyonStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly AyonStatementCache _statements = new();
    private long _usersVersion;

    internal AyonStore(string? databasePath, TimeProvider timeProvider)
    {
        Time = timeProvider;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = string.IsNullOrEmpty(databasePath) ? ":memory:" : databasePath,
            Mode = string.IsNullOrEmpty(databasePath) ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();

        // TEMP triggers on the users table call this, so caches keyed on users know when to start over.
        _connection.CreateFunction("ayon_users_changed", () => Interlocked.Increment(ref _usersVersion));
    }

    /// <summary>Goes up whenever a row of <c>users</c> is inserted, updated or deleted (even in a rolled-back transaction).</summary>
    internal long UsersVersion => Interlocked.Read(ref _usersVersion);

    /// <summary>The emulator's clock (injectable so tests can age events).</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, on the emulator's clock.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Runs <paramref name="work"/> under the global lock without a transaction (reads).</summary>
    public async Task<T> ReadAsync<T>(Func<AyonDb, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return work(new AyonDb(_connection, null, Time, _statements));
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the global lock in one transaction: committed when it returns,
    /// rolled back when it throws (the exception propagates).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<AyonDb, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            var result = work(new AyonDb(_connection, transaction, Time, _statements));
            transaction.Commit();
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction without a result.</summary>
    public Task WriteAsync(Action<AyonDb> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync(db =>
        {
            work(db);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync();
        try
        {
            _statements.Clear();
            await _connection.DisposeAsync();
        }
        finally
        {
            _lock.Release();
            _lock.Dispose();
        }
    }
}

/// <summary>
/// One unit of work on the emulator's database (handed out by <see cref="AyonStore"/> while the global lock
/// is held). Small helpers for parameterized SQL; parameters are given as <c>("@name", value)</c>, where
/// null becomes SQL NULL and <see cref="JsonNode"/> values are stored as their compact JSON text.
/// </summary>
public sealed class AyonDb
{
    private readonly AyonStatementCache? _statements;

    internal AyonDb(SqliteConnection connection, SqliteTransaction? transaction, TimeProvider time, AyonStatementCache? statements = null)
    {
        Connection = connection;
        Transaction = transaction;
        Time = time;
        _statements = statements;
    }

    /// <summary>The open connection (use only inside the current store call).</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The transaction of a write, or null for reads.</summary>
    public SqliteTransaction? Transaction { get; }

    /// <summary>The emulator's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now as the AYON wire timestamp (see <see cref="AyonTime.Format"/>).</summary>
    public string NowText => AyonTime.Format(Time.GetUtcNow());

    /// <summary>Creates a command with parameters.</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, ToDb(value));
        }

        return command;
    }

    /// <summary>Executes a statement and returns the number of changed rows.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var lease = Lease(sql, parameters);
        return lease.Command.ExecuteNonQuery();
    }

    /// <summary>Executes a query and returns the first column of the first row (null when none).</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var lease = Lease(sql, parameters);
        var value = lease.Command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Executes a query and maps every row.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var lease = Lease(sql, parameters);
        using var reader = lease.Command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// Executes a query and hands rows to <paramref name="visit"/> until it returns false or the rows run out; rows after
    /// that are never computed (SQLite steps a statement lazily).
    /// </summary>
    public void ReadWhile(string sql, Func<SqliteDataReader, bool> visit, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(visit);
        using var lease = Lease(sql, parameters);
        using var reader = lease.Command.ExecuteReader();
        while (reader.Read() && visit(reader))
        {
        }
    }

    /// <summary>A prepared command for <paramref name="sql"/> from the store's cache (a fresh one when that one is busy), bound to this unit of work.</summary>
    private AyonStatementCache.Lease Lease(string sql, (string Name, object? Value)[] parameters)
    {
        var lease = _statements?.Rent(Connection, sql) ?? AyonStatementCache.Lease.Fresh(Connection, sql);
        var command = lease.Command;
        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, ToDb(value));
        }

        return lease;
    }

    internal static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        JsonNode node => node.ToJsonString(),
        bool b => b ? 1 : 0,
        DateTimeOffset d => AyonTime.Format(d),
        _ => value,
    };
}

/// <summary>
/// Prepared commands of the store's one connection, keyed by SQL text, so a statement is parsed and planned once rather
/// than on every request. Used only under the store's lock. A command in use (a query whose row mapper runs the same SQL
/// again) is not handed out twice: the second user gets a fresh command. Bounded: past <see cref="Capacity"/> distinct
/// texts (dynamic SQL) the cache starts over.
/// </summary>
internal sealed class AyonStatementCache
{
    public const int Capacity = 512;

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly HashSet<SqliteCommand> _busy = [];

    public Lease Rent(SqliteConnection connection, string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= Capacity)
            {
                Clear();
            }

            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        return _busy.Add(command) ? new Lease(command, this) : Lease.Fresh(connection, sql);
    }

    public void Clear()
    {
        foreach (var command in _commands.Values.Where(c => !_busy.Contains(c)))
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private void Return(SqliteCommand command)
    {
        _busy.Remove(command);
        command.Parameters.Clear();
        if (!(_commands.TryGetValue(command.CommandText, out var cached) && ReferenceEquals(cached, command)))
        {
            // Dropped by a Clear() while in use.
            command.Dispose();
        }
    }

    /// <summary>A command for one statement execution; disposing returns a cached one or disposes a fresh one.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly AyonStatementCache? _owner;

        internal Lease(SqliteCommand command, AyonStatementCache? owner)
        {
            Command = command;
            _owner = owner;
        }

        public SqliteCommand Command { get; }

        public static Lease Fresh(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            return new Lease(command, null);
        }

        public void Dispose()
        {
            if (_owner is null)
            {
                Command.Dispose();
            }
            else
            {
                _owner.Return(Command);
            }
        }
    }
}

/// <summary>Reading helpers for <see cref="SqliteDataReader"/> rows.</summary>
public static class AyonDbReader
{
    /// <summary>The string at <paramref name="ordinal"/>, or null.</summary>
    public static string? Text(this SqliteDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    /// <summary>The JSON object stored as text at <paramref name="ordinal"/>, or null.</summary>
    public static JsonObject? JsonObjectAt(this SqliteDataReader reader, int ordinal) =>
        reader.Text(ordinal) is { } text ? JsonNode.Parse(text) as JsonObject : null;

    /// <summary>The JSON node stored as text at <paramref name="ordinal"/>, or null.</summary>
    public static JsonNode? JsonAt(this SqliteDataReader reader, int ordinal) =>
        reader.Text(ordinal) is { } text ? JsonNode.Parse(text) : null;
}

/// <summary>AYON wire timestamps: ISO-8601 UTC with microseconds and an explicit offset, sortable as text.</summary>
public static class AyonTime
{
    /// <summary>Formats like <c>2026-05-04T10:11:12.123456+00:00</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO timestamp (any offset); null when it is not one.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}

/// <summary>AYON ids.</summary>
public static class AyonIds
{
    /// <summary>A new id: 32 lowercase hex characters.</summary>
    public static string New() => Guid.NewGuid().ToString("N");
}
