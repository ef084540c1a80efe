using AyonFtrack.Features.Leech;
using Microsoft.Data.Sqlite;

namespace AyonFtrack.Host.Spool;

/// <summary>
/// <see cref="ILeechSpool"/> in one SQLite file (WAL journal, so a killed process loses nothing it acknowledged).
/// One connection, serialised by a gate: the hub's dispatch loop appends while the drainer peeks and removes.
/// The page cache is 256 KiB, not SQLite's 2 MiB: the spool appends at its tail and reads its head, and a backlog would
/// otherwise fill the cache during a burst and keep it.
/// </summary>
public sealed class SqliteLeechSpool : ILeechSpool, IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _appended = new(0, int.MaxValue);
    private readonly SqliteCommand _insert;

    /// <summary>Opens (or creates) the spool at <paramref name="path"/>; the folder is created when missing.</summary>
    public SqliteLeechSpool(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            Execute("""
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=NORMAL;
                PRAGMA cache_size=-256;
                CREATE TABLE IF NOT EXISTS spool (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    hash TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    description TEXT NOT NULL,
                    payload TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS dead (
                    seq INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    description TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    reason TEXT NOT NULL);
                """);
        }
        catch (SqliteException ex)
        {
            _connection.Dispose();
            throw new InvalidOperationException($"The leecher spool '{Path}' cannot be opened: {ex.Message}", ex);
        }

        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO spool (hash, topic, description, payload) VALUES ($hash, $topic, $description, $payload)";
        _insert.Parameters.Add("$hash", SqliteType.Text);
        _insert.Parameters.Add("$topic", SqliteType.Text);
        _insert.Parameters.Add("$description", SqliteType.Text);
        _insert.Parameters.Add("$payload", SqliteType.Text);
    }

    /// <summary>The spool file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task AppendAsync(string hash, string topic, string description, string payloadJson, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _insert.Parameters["$hash"].Value = hash;
            _insert.Parameters["$topic"].Value = topic;
            _insert.Parameters["$description"].Value = description;
            _insert.Parameters["$payload"].Value = payloadJson;
            _insert.ExecuteNonQuery();
        }
        finally
        {
            _gate.Release();
        }

        _appended.Release();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SpooledEvent>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, hash, topic, description, payload FROM spool ORDER BY seq LIMIT $max";
            command.Parameters.AddWithValue("$max", max);
            using var reader = command.ExecuteReader();
            var events = new List<SpooledEvent>();
            while (reader.Read())
            {
                events.Add(new SpooledEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }

            return events;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM spool WHERE seq = $seq";
            var parameter = command.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var sequence in sequences)
            {
                parameter.Value = sequence;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task DeadLetterAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR REPLACE INTO dead (seq, hash, topic, description, payload, reason)
                    SELECT seq, hash, topic, description, payload, $reason FROM spool WHERE seq = $seq;
                DELETE FROM spool WHERE seq = $seq;
                """;
            command.Parameters.AddWithValue("$seq", sequence);
            command.Parameters.AddWithValue("$reason", reason);
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task AddDeadLetterAsync(string hash, string topic, string description, string payload, string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The sequence comes from the spool's counter, so a dead letter never takes the number of a queued event.
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO spool (hash, topic, description, payload) VALUES ($hash, $topic, $description, '');
                INSERT INTO dead (seq, hash, topic, description, payload, reason) VALUES (last_insert_rowid(), $hash, $topic, $description, $payload, $reason);
                DELETE FROM spool WHERE seq = last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$hash", hash);
            command.Parameters.AddWithValue("$topic", topic);
            command.Parameters.AddWithValue("$description", description);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$reason", reason);
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The events AYON refused for good, with the reasons (for operators and tests).</summary>
    public async Task<IReadOnlyList<(SpooledEvent Event, string Reason)>> ReadDeadLettersAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT seq, hash, topic, description, payload, reason FROM dead ORDER BY seq";
            using var reader = command.ExecuteReader();
            var events = new List<(SpooledEvent, string)>();
            while (reader.Read())
            {
                events.Add((new SpooledEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)), reader.GetString(5)));
            }

            return events;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> ContainsTopicAsync(string topic, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM spool WHERE topic = $topic)";
            command.Parameters.AddWithValue("$topic", topic);
            return (long)(command.ExecuteScalar() ?? 0L) == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM spool";
            return (long)(command.ExecuteScalar() ?? 0L);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task WaitForEventsAsync(CancellationToken cancellationToken)
    {
        if (await CountAsync(cancellationToken) > 0)
        {
            return;
        }

        await _appended.WaitAsync(cancellationToken);

        // Several appends may have signalled; one wake-up is enough, the drainer reads everything that waits.
        while (_appended.Wait(0, CancellationToken.None))
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
        _gate.Dispose();
        _appended.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
