using System.Buffers;
using AyonFtrack.Server.Handlers;
using SharpCompress.Archives.Zip;
using SharpCompress.Common;
using SharpCompress.Common.Zip;
using SharpCompress.Readers;
using SharpCompress.Readers.Tar;

namespace AyonFtrack.Features.Plugins;

/// <summary>The archive formats a handler archive may have, chosen by its file name (as the original does).</summary>
public enum HandlerArchiveFormat
{
    /// <summary><c>.zip</c></summary>
    Zip,

    /// <summary><c>.tar</c></summary>
    Tar,

    /// <summary><c>.tgz</c> or <c>.tar.gz</c></summary>
    TarGzip,

    /// <summary><c>.tar.xz</c></summary>
    TarXz,

    /// <summary><c>.tar.bz2</c></summary>
    TarBzip2,
}

/// <summary>What an extraction wrote.</summary>
/// <param name="Entries">Entries read (files and folders).</param>
/// <param name="Bytes">Uncompressed bytes written.</param>
public sealed record ExtractionResult(int Entries, long Bytes);

/// <summary>
/// Extracts handler archives safely (the original's <c>extractall</c> has no guard, reference §7): every entry must
/// stay inside the target folder (no <c>..</c> segment, absolute path or drive letter), links are refused, and the
/// entry count, each entry's size and the total uncompressed size are capped by <see cref="ArchiveLimits"/>.
/// Files are written only by this class (never as links or devices). On any failure the target folder is removed and a
/// <see cref="HandlerArchiveException"/> names the archive and, when one is at fault, the entry.
/// </summary>
public sealed class HandlerArchiveExtractor(ArchiveLimits limits)
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;
    private const int BufferSize = 81920;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly ArchiveLimits _limits = limits ?? throw new ArgumentNullException(nameof(limits));

    /// <summary>The format of <paramref name="fileName"/> by its ending, or null when it is not a supported archive.</summary>
    public static HandlerArchiveFormat? TryDetectFormat(string fileName) =>
        HandlerArchive.ExtensionOf(fileName)?.ToLowerInvariant() switch
        {
            ".zip" => HandlerArchiveFormat.Zip,
            ".tar" => HandlerArchiveFormat.Tar,
            ".tgz" or ".tar.gz" => HandlerArchiveFormat.TarGzip,
            ".tar.xz" => HandlerArchiveFormat.TarXz,
            ".tar.bz2" => HandlerArchiveFormat.TarBzip2,
            _ => null,
        };

    /// <summary>The format of <paramref name="fileName"/>; an unknown ending throws an error naming the file.</summary>
    public static HandlerArchiveFormat DetectFormat(string fileName) =>
        TryDetectFormat(fileName) ?? throw new HandlerArchiveException(
            fileName,
            null,
            $"unsupported archive type; expected one of {string.Join(", ", HandlerArchive.SupportedExtensions)}");

    /// <summary>Extracts <paramref name="archivePath"/> into <paramref name="targetFolder"/> (created; removed again on failure).</summary>
    /// <exception cref="HandlerArchiveException">The archive is of an unknown type, unreadable, unsafe or over a limit.</exception>
    public async Task<ExtractionResult> ExtractAsync(string archivePath, string targetFolder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(archivePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFolder);
        var archiveName = Path.GetFileName(archivePath);
        var format = DetectFormat(archiveName);
        var state = new State(archiveName, Path.GetFullPath(targetFolder), _limits);
        Directory.CreateDirectory(state.Root);
        try
        {
            if (format == HandlerArchiveFormat.Zip)
            {
                await ExtractZipAsync(archivePath, state, cancellationToken);
            }
            else
            {
                await ExtractTarAsync(archivePath, state, cancellationToken);
            }

            return new ExtractionResult(state.Entries, state.Bytes);
        }
        catch (Exception ex)
        {
            TryDelete(state.Root);
            if (ex is HandlerArchiveException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new HandlerArchiveException(archiveName, state.CurrentEntry, $"cannot be read ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static async Task ExtractZipAsync(string archivePath, State state, CancellationToken cancellationToken)
    {
        await using var archive = await ZipArchive.OpenAsyncArchive(archivePath, new ReaderOptions(), cancellationToken);
        await foreach (var entry in archive.EntriesAsync.WithCancellation(cancellationToken))
        {
            if (entry is ZipEntry { Attrib: { } attributes } && ((attributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink)
            {
                throw state.Reject(entry.Key, "is a symbolic link; links are not allowed in handler archives");
            }

            var path = state.Admit(entry);
            if (path is null)
            {
                continue;
            }

            await using var source = await entry.OpenEntryStreamAsync(cancellationToken);
            await state.WriteFileAsync(path, source, cancellationToken);
        }
    }

    private static async Task ExtractTarAsync(string archivePath, State state, CancellationToken cancellationToken)
    {
        // TarReader recognises the compression (gzip, bzip2, xz) itself; the file name only decides zip or tar.
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        await using var reader = await TarReader.OpenAsyncReader(file, new ReaderOptions { LeaveStreamOpen = true }, cancellationToken);
        while (await reader.MoveToNextEntryAsync(cancellationToken))
        {
            var entry = reader.Entry;
            if (!string.IsNullOrEmpty(entry.LinkTarget))
            {
                throw state.Reject(entry.Key, $"is a symbolic or hard link (to '{entry.LinkTarget}'); links are not allowed in handler archives");
            }

            var path = state.Admit(entry);
            if (path is null)
            {
                continue;
            }

            await using var source = await reader.OpenEntryStreamAsync(cancellationToken);
            await state.WriteFileAsync(path, source, cancellationToken);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process folder is removed on stop, or by the next start's cleanup.
        }
    }

    /// <summary>The running counts and the target of one extraction.</summary>
    private sealed class State(string archiveName, string root, ArchiveLimits limits)
    {
        public string Root { get; } = root;

        public int Entries { get; private set; }

        public long Bytes { get; private set; }

        public string? CurrentEntry { get; private set; }

        public HandlerArchiveException Reject(string? entry, string reason) => new(archiveName, entry, reason);

        /// <summary>Checks one entry; creates it when it is a folder. Returns the file path to write, or null.</summary>
        public string? Admit(IEntry entry)
        {
            var key = entry.Key ?? "";
            CurrentEntry = key;
            Entries++;
            if (Entries > limits.MaxEntries)
            {
                throw Reject(key, $"the archive has more than {limits.MaxEntries} entries (limit Plugins:MaxEntries)");
            }

            if (entry.IsEncrypted)
            {
                throw Reject(key, "is encrypted; encrypted handler archives are not supported");
            }

            var path = Resolve(key);
            if (path is null)
            {
                return null;
            }

            if (entry.IsDirectory)
            {
                if (File.Exists(path))
                {
                    throw Reject(key, "is a folder with the same path as a file of the archive");
                }

                Directory.CreateDirectory(path);
                return null;
            }

            if (entry.Size > limits.MaxEntryBytes)
            {
                throw Reject(key, $"is {entry.Size} bytes, over the limit of {limits.MaxEntryBytes} bytes per entry (Plugins:MaxEntryBytes)");
            }

            if (entry.Size > 0 && Bytes + entry.Size > limits.MaxTotalBytes)
            {
                throw Reject(key, $"the archive's uncompressed size exceeds the limit of {limits.MaxTotalBytes} bytes (Plugins:MaxTotalBytes)");
            }

            if (File.Exists(path) || Directory.Exists(path))
            {
                throw Reject(key, "appears twice in the archive");
            }

            return path;
        }

        /// <summary>Copies one entry's bytes to a new file, counting them against the limits as they come.</summary>
        public async Task WriteFileAsync(string path, Stream source, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
                long written = 0;
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    written += read;
                    Bytes += read;
                    if (written > limits.MaxEntryBytes)
                    {
                        throw Reject(CurrentEntry, $"is over the limit of {limits.MaxEntryBytes} bytes per entry (Plugins:MaxEntryBytes)");
                    }

                    if (Bytes > limits.MaxTotalBytes)
                    {
                        throw Reject(CurrentEntry, $"the archive's uncompressed size exceeds the limit of {limits.MaxTotalBytes} bytes (Plugins:MaxTotalBytes)");
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>The full path of <paramref name="key"/> inside the root; null for the root itself; rejects any escape.</summary>
        private string? Resolve(string key)
        {
            if (key.Length == 0)
            {
                throw Reject(key, "has an empty name");
            }

            if (key.Contains('\0', StringComparison.Ordinal))
            {
                throw Reject(key, "has a NUL character in its name");
            }

            var normalized = key.Replace('\\', '/');
            if (normalized.StartsWith('/'))
            {
                throw Reject(key, "is an absolute path; entries must stay inside the extraction folder");
            }

            if (normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':')
            {
                throw Reject(key, "starts with a drive letter; entries must stay inside the extraction folder");
            }

            var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
            if (segments.Contains(".."))
            {
                throw Reject(key, "has a '..' segment; entries must stay inside the extraction folder");
            }

            if (segments.Length == 0)
            {
                return null;
            }

            var full = Path.GetFullPath(Path.Combine([Root, .. segments]));
            if (!full.StartsWith(Root + Path.DirectorySeparatorChar, PathComparison))
            {
                throw Reject(key, "resolves outside the extraction folder");
            }

            return full;
        }
    }
}
