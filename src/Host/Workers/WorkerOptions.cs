using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Host.Workers;

/// <summary>Local ftrack connection that replaces the addon settings (for development; secrets belong in AYON).</summary>
public sealed class LocalFtrackOptions
{
    public const string Section = "Ftrack";

    /// <summary>ftrack server URL; when set with <see cref="ApiUser"/> and <see cref="ApiKey"/>, AYON's settings are not used for the connection.</summary>
    public Uri? ServerUrl { get; set; }

    public string? ApiUser { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>True when all three values are set.</summary>
    public bool IsComplete => ServerUrl is not null && !string.IsNullOrWhiteSpace(ApiUser) && !string.IsNullOrWhiteSpace(ApiKey);

    /// <inheritdoc />
    public override string ToString() => $"ftrack {ServerUrl} as {ApiUser} (key {(string.IsNullOrEmpty(ApiKey) ? "<empty>" : "<hidden>")})";
}

/// <summary>Start-up and retry timing shared by every mode.</summary>
public sealed class ServiceOptions
{
    public const string Section = "Service";

    /// <summary>First wait after AYON did not answer; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two tries to reach AYON.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before reading settings or connecting to ftrack again after a failure (the original's 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan SettingsRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The processor and transmitter job loops.</summary>
public sealed class JobLoopOptions
{
    public const string ProcessorSection = "Processor";
    public const string TransmitterSection = "Transmitter";

    /// <summary>
    /// Source events older than this many days are not enrolled. The server's default of 3 days would silently skip an
    /// older backlog; 0 means no limit.
    /// </summary>
    [Range(0, 3650)]
    public int IgnoreOlderThanDays { get; set; } = 30;

    /// <summary>How many times a failed job is restarted before it stays failed (it then runs at most MaxRetries + 2 times).</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait after enroll answered "nothing to do".</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A pending job older than this (total time, not the seconds part as in the original) is failed by the sweep.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StuckJobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the loop must have been idle before it sweeps stuck jobs, and how often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan StuckJobSweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long AYON may answer 401 (a revoked key) before the service exits with code 78.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan UnauthorizedExitAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The leecher's spool and drainer.</summary>
public sealed class LeecherOptions
{
    public const string Section = "Leecher";

    /// <summary>The spool file; by default <c>leecher-spool.db</c> in the data folder (<c>DataDirectory</c> or <c>AYON_FTRACK_DATA_DIR</c>).</summary>
    public string? SpoolPath { get; set; }

    /// <summary>
    /// How often the leecher sends a private event round the hub. A hub that keeps the socket and its heartbeats alive but
    /// no longer routes events is found this way, and the leecher reconnects.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LivenessInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After a hub reconnect, how long the connection must stay up before the "leecher started" marker (a resync of every
    /// auto-sync project) is decided; further reconnects in the window restart it, so a flapping hub costs one resync.
    /// The first connect of the process decides at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResyncDebounce { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Keep the ftrack connection last used in the data folder (<c>ftrack-connection.json</c>, mode 0600), so that a
    /// leecher started while AYON is unreachable listens to ftrack at once. False deletes the file.
    /// </summary>
    public bool RememberFtrackConnection { get; set; } = true;

    /// <summary>How long AYON may answer 401 (a revoked key) to the drainer or the start marker before the leecher exits with code 78.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan UnauthorizedExitAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many spooled events the drainer reads at once. Small: the batch is held in memory while it is posted one event at
    /// a time, so a large one only grows the heap during a backlog (see <c>Composition</c> for the measurement).
    /// </summary>
    [Range(1, 10_000)]
    public int DrainBatchSize { get; set; } = 20;
}
