using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Features.Plugins;

/// <summary>
/// Custom handler loading (DESIGN.md §5), configuration section <c>Plugins</c>: where archives are downloaded and
/// the limits an archive must stay within.
/// </summary>
public sealed class PluginOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Plugins";

    /// <summary>
    /// The download root. When empty: <c>AYON_FTRACK_DOWNLOAD_ROOT</c>, else <c>&lt;DataDirectory&gt;/downloads</c>,
    /// else the user data folder the Python processor uses (see <see cref="HandlerDownloadFolder.ResolveRoot"/>).
    /// </summary>
    public string? DownloadRoot { get; set; }

    /// <summary>The largest archive accepted for download, in bytes (default 256 MiB).</summary>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxArchiveBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest total uncompressed size of one archive, in bytes (default 1 GiB).</summary>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxTotalBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The largest uncompressed size of one entry, in bytes (default 256 MiB).</summary>
    [Range(typeof(long), "1", "9223372036854775807")]
    public long MaxEntryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The most entries (files and folders) one archive may hold (default 10 000).</summary>
    [Range(1, int.MaxValue)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>
    /// How often the process rewrites its download folder's <c>lock</c> file (default 30 s). It must stay well under
    /// the one hour after which other processes treat a lock as stale.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan LockInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The extraction limits of these options.</summary>
    public ArchiveLimits Limits => new(MaxArchiveBytes, MaxTotalBytes, MaxEntryBytes, MaxEntries);
}

/// <summary>What one handler archive may weigh; exceeding any limit rejects the archive.</summary>
/// <param name="MaxArchiveBytes">The downloaded (compressed) file.</param>
/// <param name="MaxTotalBytes">The sum of the uncompressed entries.</param>
/// <param name="MaxEntryBytes">One uncompressed entry.</param>
/// <param name="MaxEntries">The number of entries, folders included.</param>
public sealed record ArchiveLimits(long MaxArchiveBytes, long MaxTotalBytes, long MaxEntryBytes, int MaxEntries)
{
    /// <summary>The defaults of <see cref="PluginOptions"/>.</summary>
    public static ArchiveLimits Default { get; } = new PluginOptions().Limits;
}
