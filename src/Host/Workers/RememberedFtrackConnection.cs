using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The ftrack connection the leecher last used, kept in its data folder (<c>ftrack-connection.json</c>, created readable
/// and writable by the service user only), so that a leecher started while AYON is unreachable can listen to ftrack at
/// once and spool what it hears. The key is in the file and nowhere else: never in a log or an event.
/// <c>Leecher:RememberFtrackConnection=false</c> turns it off (and deletes the file).
/// </summary>
public sealed partial class RememberedFtrackConnection(string path, ILogger<RememberedFtrackConnection> logger)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>The remembered connection, or null when there is none (or the file cannot be read: said once in the log).</summary>
    public FtrackCredentials? Read()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(Path)) as JsonObject;
            var server = json?["server"]?.GetValue<string>();
            var user = json?["user"]?.GetValue<string>();
            var key = json?["key"]?.GetValue<string>();
            if (server is null || user is null || key is null || !Uri.TryCreate(server, UriKind.Absolute, out var url))
            {
                Log.Unreadable(logger, Path, "a field is missing");
                return null;
            }

            return new FtrackCredentials(url, user, key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            Log.Unreadable(logger, Path, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>Remembers <paramref name="credentials"/> (atomically: a new file, mode 0600, moved over the old one).</summary>
    public void Save(FtrackCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = Path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, new JsonObject
                {
                    ["server"] = credentials.ServerUrl.ToString(),
                    ["user"] = credentials.ApiUser,
                    ["key"] = credentials.ApiKey,
                });
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.NotSaved(logger, Path, ex.GetType().Name);
        }
    }

    /// <summary>Deletes the file (the setting is off).</summary>
    public void Forget()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.NotSaved(logger, Path, ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "The remembered ftrack connection {Path} cannot be read ({Reason}); the leecher waits for AYON's settings")]
        public static partial void Unreadable(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "The ftrack connection cannot be remembered in {Path} ({Reason})")]
        public static partial void NotSaved(ILogger logger, string path, string reason);
    }
}
