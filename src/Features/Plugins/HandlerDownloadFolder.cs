using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Plugins;

/// <summary>
/// This process's folder under the download root (reference §2, "Lock and cleanup"): <c>&lt;root&gt;/&lt;process id hex&gt;</c>
/// holding a <c>lock</c> file with the epoch time in seconds, rewritten every <see cref="PluginOptions.LockInterval"/> while
/// the handlers are in use, and deleted with the folder on dispose. The layout and the one-hour rule are the Python
/// processor's, so both can share one root during a switch-over.
/// </summary>
public sealed class HandlerDownloadFolder : IAsyncDisposable
{
    /// <summary>The variable that names the download root (the original's).</summary>
    public const string RootVariable = "AYON_FTRACK_DOWNLOAD_ROOT";

    /// <summary>The lock file's name inside a process folder.</summary>
    public const string LockFileName = "lock";

    /// <summary>A lock older than this marks its folder as abandoned (the original's 3600 s).</summary>
    public static readonly TimeSpan StaleLockAge = TimeSpan.FromSeconds(3600);

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    private HandlerDownloadFolder(string root, string path, TimeSpan lockInterval, TimeProvider timeProvider, ILogger logger)
    {
        Root = root;
        Path = path;
        _timeProvider = timeProvider;
        _logger = logger;
        WriteLock();
        _timer = timeProvider.CreateTimer(_ => WriteLock(), null, lockInterval, lockInterval);
    }

    /// <summary>The download root.</summary>
    public string Root { get; }

    /// <summary>This process's folder.</summary>
    public string Path { get; }

    /// <summary>The lock file of this process's folder.</summary>
    public string LockPath => System.IO.Path.Combine(Path, LockFileName);

    /// <summary>
    /// The download root: <paramref name="configured"/> (<c>Plugins:DownloadRoot</c>) when set, else
    /// <c>AYON_FTRACK_DOWNLOAD_ROOT</c>, else <c>&lt;dataDirectory&gt;/downloads</c>, else the user data folder the Python
    /// processor uses (platformdirs' <c>user_data_dir("ayon-ftrack", "Ynput")/downloads</c>).
    /// </summary>
    public static string ResolveRoot(string? configured, IReadOnlyDictionary<string, string?> environment, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Path.GetFullPath(configured);
        }

        if (environment.TryGetValue(RootVariable, out var variable) && !string.IsNullOrWhiteSpace(variable))
        {
            return System.IO.Path.GetFullPath(variable);
        }

        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, "downloads"));
        }

        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(userData))
        {
            userData = System.IO.Path.GetTempPath();
        }

        return OperatingSystem.IsWindows()
            ? System.IO.Path.Combine(userData, "Ynput", "ayon-ftrack", "downloads")
            : System.IO.Path.Combine(userData, "ayon-ftrack", "downloads");
    }

    /// <summary>
    /// Removes the folders of <paramref name="root"/> whose lock is missing or older than <see cref="StaleLockAge"/>
    /// (an empty lock counts as old, as in the original). A lock that cannot be read or parsed is left alone.
    /// Returns the folders removed.
    /// </summary>
    public static IReadOnlyList<string> CleanupStale(string root, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var now = timeProvider.GetUtcNow();
        var removed = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var lockPath = System.IO.Path.Combine(folder, LockFileName);
            if (File.Exists(lockPath) || Directory.Exists(lockPath))
            {
                if (!TryReadLock(lockPath, out var updated))
                {
                    PluginLog.LockUnreadable(logger, lockPath);
                    continue;
                }

                if (now - updated <= StaleLockAge)
                {
                    continue;
                }
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
                PluginLog.StaleFolderRemoved(logger, folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                PluginLog.StaleFolderNotRemoved(logger, folder, ex.Message);
            }
        }

        return removed;
    }

    /// <summary>Creates this process's folder under <paramref name="root"/>, writes its lock and starts rewriting it.</summary>
    public static HandlerDownloadFolder Create(string root, TimeSpan lockInterval, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockInterval, TimeSpan.Zero);
        var fullRoot = System.IO.Path.GetFullPath(root);
        var path = System.IO.Path.Combine(fullRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new HandlerDownloadFolder(fullRoot, path, lockInterval, timeProvider, logger);
    }

    /// <summary>Reads a lock's epoch seconds; false when the file cannot be read or holds something else.</summary>
    public static bool TryReadLock(string lockPath, out DateTimeOffset updated)
    {
        updated = default;
        string content;
        try
        {
            content = File.ReadAllText(lockPath).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        if (content.Length == 0)
        {
            updated = DateTimeOffset.UnixEpoch;
            return true;
        }

        if (!double.TryParse(content, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds)
            || seconds < 0
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        updated = DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000));
        return true;
    }

    /// <summary>Rewrites the lock with the current time. Failures are logged; the next tick tries again.</summary>
    public void WriteLock()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                var seconds = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
                File.WriteAllText(LockPath, seconds.ToString("0.###", CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                PluginLog.LockNotWritten(_logger, LockPath, ex.Message);
            }
        }
    }

    /// <summary>Stops the lock updates and deletes this process's folder (lock first, so a partial delete reads as abandoned).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _timer.DisposeAsync();
        try
        {
            File.Delete(LockPath);
            Directory.Delete(Path, recursive: true);
            PluginLog.FolderRemoved(_logger, Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PluginLog.FolderNotRemoved(_logger, Path, ex.Message);
        }
    }
}
