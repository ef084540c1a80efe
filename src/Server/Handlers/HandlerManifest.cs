using System.Globalization;
using System.Text.Json;

namespace AyonFtrack.Server.Handlers;

/// <summary>
/// <c>manifest.json</c> at the root of a custom handler archive (manifest format <c>1.0.0</c>):
/// <see cref="HandlerSubfolders"/> are folders (relative to the manifest) holding the handlers; for .NET
/// handlers these hold the assemblies with <c>ISliceModule</c> types. <see cref="PythonPathSubfolders"/> are
/// extra folders to resolve the handlers' dependencies from. Both are optional and default to empty, as in the
/// original processor.
/// </summary>
public sealed record HandlerManifest(
    string Version,
    IReadOnlyList<string> HandlerSubfolders,
    IReadOnlyList<string> PythonPathSubfolders)
{
    /// <summary>The manifest's file name, at the archive root.</summary>
    public const string FileName = "manifest.json";

    /// <summary>The newest manifest format this code understands.</summary>
    public static Version SupportedVersion { get; } = new(1, 0, 0);

    /// <summary>
    /// Reads and checks manifest text. Subfolders must be relative paths that stay inside the archive
    /// (no rooted paths, no <c>..</c> segments); they are returned with <c>/</c> separators.
    /// </summary>
    /// <exception cref="HandlerManifestException">Empty, not JSON, a key missing or of the wrong type, or an unsupported version.</exception>
    public static HandlerManifest Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new HandlerManifestException(HandlerManifestError.Empty, null, $"{FileName} is empty.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new HandlerManifestException(
                HandlerManifestError.MalformedJson,
                null,
                $"{FileName} is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).",
                ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new HandlerManifestException(
                    HandlerManifestError.WrongType, null, $"{FileName} must hold a JSON object, got {Kind(root)}.");
            }

            var version = ReadVersion(root);
            return new HandlerManifest(
                version,
                ReadFolders(root, "handler_subfolders"),
                ReadFolders(root, "python_path_subfolders"));
        }
    }

    private static string ReadVersion(JsonElement root)
    {
        if (!root.TryGetProperty("version", out var element))
        {
            throw new HandlerManifestException(
                HandlerManifestError.MissingKey, "version", $"{FileName} has no 'version' key.");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw new HandlerManifestException(
                HandlerManifestError.WrongType, "version", $"{FileName} key 'version' must be a string, got {Kind(element)}.");
        }

        var text = element.GetString()!;
        var parts = text.Split('.');
        if (parts.Length != 3 || !parts.All(p => p.Length is > 0 and < 10 && p.All(char.IsAsciiDigit)))
        {
            throw new HandlerManifestException(
                HandlerManifestError.InvalidValue, "version", $"{FileName} key 'version' must look like 'x.y.z', got '{text}'.");
        }

        var version = new Version(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture));
        if (version > SupportedVersion)
        {
            throw new HandlerManifestException(
                HandlerManifestError.UnsupportedVersion,
                "version",
                $"{FileName} version {text} is not supported; the newest supported version is {SupportedVersion}.");
        }

        return text;
    }

    private static string[] ReadFolders(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var element))
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new HandlerManifestException(
                HandlerManifestError.WrongType, key, $"{FileName} key '{key}' must be a list of strings, got {Kind(element)}.");
        }

        var folders = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemKey = $"{key}[{index}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new HandlerManifestException(
                    HandlerManifestError.WrongType, itemKey, $"{FileName} key '{itemKey}' must be a string, got {Kind(item)}.");
            }

            folders.Add(NormalizeFolder(item.GetString()!, itemKey));
            index++;
        }

        return [.. folders];
    }

    private static string NormalizeFolder(string folder, string key)
    {
        var normalized = folder.Replace('\\', '/').Trim();
        var rooted = normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':');
        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != ".")
            .ToArray();
        if (rooted || segments.Contains(".."))
        {
            throw new HandlerManifestException(
                HandlerManifestError.InvalidValue,
                key,
                $"{FileName} key '{key}' must be a folder inside the archive, got '{folder}'.");
        }

        return segments.Length == 0 ? "." : string.Join('/', segments);
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

/// <summary>Why a manifest was refused.</summary>
public enum HandlerManifestError
{
    /// <summary>The file is missing or empty.</summary>
    Empty,

    /// <summary>The content is not JSON.</summary>
    MalformedJson,

    /// <summary>A required key (<c>version</c>) is absent.</summary>
    MissingKey,

    /// <summary>A key holds the wrong JSON type.</summary>
    WrongType,

    /// <summary>A value has the right type but is not acceptable (version format, folder outside the archive).</summary>
    InvalidValue,

    /// <summary>The manifest version is newer than <see cref="HandlerManifest.SupportedVersion"/>.</summary>
    UnsupportedVersion,
}

/// <summary>A handler manifest was refused; <see cref="Key"/> names the offending key when there is one.</summary>
public sealed class HandlerManifestException : Exception
{
    public HandlerManifestException()
        : this(HandlerManifestError.Empty, null, $"{HandlerManifest.FileName} is invalid.")
    {
    }

    public HandlerManifestException(string message)
        : this(HandlerManifestError.InvalidValue, null, message)
    {
    }

    public HandlerManifestException(string message, Exception innerException)
        : this(HandlerManifestError.InvalidValue, null, message, innerException)
    {
    }

    public HandlerManifestException(HandlerManifestError error, string? key, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Key = key;
    }

    public HandlerManifestError Error { get; }

    /// <summary>The key (<c>version</c>, <c>handler_subfolders[1]</c>) or null when the whole file is wrong.</summary>
    public string? Key { get; }
}
