using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SharpCompress.Compressors.BZip2;

namespace AyonFtrack.Host.Tests.Plugins;

/// <summary>One entry of a test archive: a file, a folder, or a link (which a safe extractor must refuse).</summary>
public sealed record TestEntry(string Name, byte[]? Content = null, string? SymbolicLinkTo = null, string? HardLinkTo = null, bool Folder = false)
{
    public static TestEntry File(string name, string content) => new(name, Encoding.UTF8.GetBytes(content));

    public static TestEntry File(string name, byte[] content) => new(name, content);

    public static TestEntry Directory(string name) => new(name, Folder: true);

    public static TestEntry Symlink(string name, string target) => new(name, SymbolicLinkTo: target);

    public static TestEntry HardLink(string name, string target) => new(name, HardLinkTo: target);
}

/// <summary>Builds handler archives in memory with the BCL's zip and tar writers (and SharpCompress for bzip2).</summary>
public static class TestArchives
{
    /// <summary>
    /// A tiny <c>.tar.xz</c> made once with Python's tarfile (nothing in .NET writes xz): <c>manifest.json</c>
    /// (<c>{"version":"1.0.0","handler_subfolders":["handlers"]}</c>) and <c>handlers/readme.txt</c> ("made by xz").
    /// </summary>
    public static readonly byte[] TarXz = Convert.FromBase64String(
        "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4Cf/ALpdADaYSiFjThA62jXVN7UpN01bTcwwpR+htOI/8A3sqzDYJ8ba+MDh2funaMwHGeJQJyQrA0b2Ye+75Eo9puvHF2zcP0S1GLwENRSi98CBC+01n2jegj79qtaJICBW1xuN4OpF0CPKD/IhfH6XSSfjnVBOtOCECO+LcuLO2gaF5EiNy9gNp/GvXpUwTPNTOVLmeWYUCZpDChvbOXrhjq8SP/BEELFTK3z55dY63vsFvE9aI9HUG2DaijC9AAAAALtf14kipTh9AAHWAYBQAADUmre7scRn+wIAAAAABFla");

    /// <summary>Builds an archive of the type <paramref name="fileName"/> ends with.</summary>
    public static byte[] Build(string fileName, IEnumerable<TestEntry> entries)
    {
        var lower = fileName.ToLowerInvariant();
        if (lower.EndsWith(".zip", StringComparison.Ordinal))
        {
            return Zip(entries);
        }

        var tar = Tar(entries);
        if (lower.EndsWith(".tar.gz", StringComparison.Ordinal) || lower.EndsWith(".tgz", StringComparison.Ordinal))
        {
            return Compress(tar, stream => new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true));
        }

        if (lower.EndsWith(".tar.bz2", StringComparison.Ordinal))
        {
            return Compress(tar, stream => BZip2Stream.Create(stream, SharpCompress.Compressors.CompressionMode.Compress, decompressConcatenated: false, leaveOpen: true, tolerateTruncatedStream: false));
        }

        if (lower.EndsWith(".tar", StringComparison.Ordinal))
        {
            return tar;
        }

        throw new ArgumentException($"No test builder for {fileName}.", nameof(fileName));
    }

    public static byte[] Zip(IEnumerable<TestEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                var item = zip.CreateEntry(entry.Folder && !entry.Name.EndsWith('/') ? entry.Name + "/" : entry.Name);
                if (entry.SymbolicLinkTo is { } target)
                {
                    // Unix mode in the high 16 bits: S_IFLNK | 0777, the way Info-ZIP stores a symbolic link.
                    item.ExternalAttributes = unchecked((int)0xA1FF0000);
                    Write(item, Encoding.UTF8.GetBytes(target));
                }
                else if (!entry.Folder)
                {
                    item.ExternalAttributes = unchecked((int)0x81A40000);
                    Write(item, entry.Content ?? []);
                }
            }
        }

        return buffer.ToArray();
    }

    public static byte[] Tar(IEnumerable<TestEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                PaxTarEntry item;
                if (entry.SymbolicLinkTo is { } target)
                {
                    item = new PaxTarEntry(TarEntryType.SymbolicLink, entry.Name) { LinkName = target };
                }
                else if (entry.HardLinkTo is { } hardTarget)
                {
                    item = new PaxTarEntry(TarEntryType.HardLink, entry.Name) { LinkName = hardTarget };
                }
                else if (entry.Folder)
                {
                    item = new PaxTarEntry(TarEntryType.Directory, entry.Name);
                }
                else
                {
                    item = new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = new MemoryStream(entry.Content ?? []) };
                }

                tar.WriteEntry(item);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A valid manifest for <paramref name="handlerSubfolders"/> and optional dependency folders.</summary>
    public static TestEntry Manifest(string version, string[] handlerSubfolders, string[]? pythonPathSubfolders = null)
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["version"] = version,
            ["handler_subfolders"] = new System.Text.Json.Nodes.JsonArray([.. handlerSubfolders.Select(f => (System.Text.Json.Nodes.JsonNode)f)]),
        };
        if (pythonPathSubfolders is not null)
        {
            json["python_path_subfolders"] = new System.Text.Json.Nodes.JsonArray([.. pythonPathSubfolders.Select(f => (System.Text.Json.Nodes.JsonNode)f)]);
        }

        return TestEntry.File("manifest.json", json.ToJsonString());
    }

    private static void Write(ZipArchiveEntry item, byte[] content)
    {
        using var stream = item.Open();
        stream.Write(content);
    }

    private static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var stream = compressor(buffer))
        {
            stream.Write(data);
        }

        return buffer.ToArray();
    }
}
