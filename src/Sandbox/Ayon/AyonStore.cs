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
    }

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
            return work(new AyonDb(_connection, null, Time));
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
            var result = work(new AyonDb(_connection, transaction, Time));
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
    internal AyonDb(SqliteConnection connection, SqliteTransaction? transaction, TimeProvider time)
    {
        Connection = connection;
        Transaction = transaction;
        Time = time;
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
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Executes a query and returns the first column of the first row (null when none).</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Executes a query and maps every row.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(map);
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
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
