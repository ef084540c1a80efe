using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// Addon installation (ayon-backend <c>api/addons/install.py</c>, <c>installer/addons.py</c>):
/// <c>POST /api/addons/install</c> with the zip as the body, admin only. The zip's <c>package.py</c> names the addon
/// and version; the version's files under <c>public/</c>, <c>private/</c> and <c>frontend/dist/</c> are then served, and its default
/// settings are read from <c>server/defaults.json</c>. Answers <c>{"eventId"}</c> of an <c>addon.install</c> event.
/// <para>Differences from the real server, on purpose: the install is done when the call returns (the real server
/// unpacks in the background and needs a restart to load the addon); <c>package.py</c> is read for its literal
/// <c>name</c>/<c>version</c> assignments instead of being executed; defaults come from <c>defaults.json</c>
/// (what this addon's <c>get_default_settings</c> returns) instead of running the server code; a body that is not
/// a zip answers 400 (the real server fails with 500); <c>url=</c> downloads are not supported (no network).</para>
/// </summary>
internal sealed partial class AyonAddonsModule : IAyonEmulatorModule
{
    /// <summary>The largest upload accepted (the real server streams any size to disk).</summary>
    public const long MaxZipBytes = 512L * 1024 * 1024;

    public int Order => 4;

    public void Initialize(AyonEmulator emulator, AyonDb db)
    {
    }

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapPost("/api/addons/install", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var context = http.Ayon();
            if (!context.IsAdmin)
            {
                return AyonHttp.Error(403, "Only admins can install addons");
            }

            if (http.Request.Query.ContainsKey("url"))
            {
                return AyonHttp.Error(400, "Installing from a URL is not supported by the emulator (no network); upload the zip");
            }

            byte[] body;
            try
            {
                body = await ReadBodyAsync(http.Request, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                return AyonHttp.Error(413, ex.Message);
            }

            AddonZip addon;
            try
            {
                addon = AddonZip.Read(body);
            }
            catch (AddonZipException ex)
            {
                return AyonHttp.Error(ex.Status, ex.Message);
            }

            var eventId = await emulator.Store.WriteAsync(db =>
            {
                Install(db, addon);
                return AyonEventRows.Insert(db, AyonEventInsert.FromRequest(context, "addon.install") with
                {
                    Id = AyonIds.New(),
                    Description = $"Installed addon {addon.Name} {addon.Version}",
                    Summary = new JsonObject { ["name"] = addon.Name, ["version"] = addon.Version, ["isRez"] = true },
                });
            }, cancellationToken);
            return AyonHttp.Json(new JsonObject { ["eventId"] = eventId });
        });
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxZipBytes)
        {
            throw new InvalidDataException($"The addon zip is larger than {MaxZipBytes / (1024 * 1024)} MiB");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxZipBytes)
            {
                throw new InvalidDataException($"The addon zip is larger than {MaxZipBytes / (1024 * 1024)} MiB");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Install(AyonDb db, AddonZip addon)
    {
        db.Execute("DELETE FROM addon_files WHERE addon = @a AND version = @v", ("@a", addon.Name), ("@v", addon.Version));
        db.Execute("""
            INSERT INTO addons (name, version, title, defaults) VALUES (@n, @v, @t, @d)
            ON CONFLICT(name, version) DO UPDATE SET title = excluded.title, defaults = excluded.defaults
            """, ("@n", addon.Name), ("@v", addon.Version), ("@t", addon.Title ?? addon.Name), ("@d", addon.Defaults));
        foreach (var (scope, path, content) in addon.Files)
        {
            db.Execute("INSERT INTO addon_files (addon, version, scope, path, content) VALUES (@a, @v, @s, @p, @c)",
                ("@a", addon.Name), ("@v", addon.Version), ("@s", scope), ("@p", path), ("@c", content));
        }
    }

    /// <summary>An installable addon zip as the server reads it.</summary>
    private sealed partial record AddonZip(string Name, string Version, string? Title, JsonObject? Defaults, IReadOnlyList<(string Scope, string Path, byte[] Content)> Files)
    {
        public static AddonZip Read(byte[] body)
        {
            ZipArchive archive;
            try
            {
                archive = new ZipArchive(new MemoryStream(body), ZipArchiveMode.Read);
            }
            catch (InvalidDataException)
            {
                throw new AddonZipException(400, "The upload is not a zip file");
            }

            using (archive)
            {
                var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
                foreach (var entry in entries)
                {
                    var segments = entry.FullName.Replace('\\', '/').Split('/');
                    if (entry.FullName.StartsWith('/') || segments.Any(s => s is ".." || s.Contains(':', StringComparison.Ordinal)))
                    {
                        throw new AddonZipException(400, $"The zip entry '{entry.FullName}' points outside the addon folder");
                    }
                }

                var names = entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                if (names.Contains("manifest.json") || names.Contains("package.yaml") || names.Contains("package.yml"))
                {
                    throw new AddonZipException(409, "Only package.py addons are supported by the emulator");
                }

                if (!names.Contains("package.py"))
                {
                    throw new AddonZipException(409, "Unsupported addon format");
                }

                var package = Text(archive.GetEntry("package.py")!);
                var name = Assignment(package, "name") ?? throw new AddonZipException(409, "Addon name not found in package.py");
                var version = Assignment(package, "version") ?? throw new AddonZipException(409, "Addon version not found in package.py");
                if (!SemVer().IsMatch(version))
                {
                    throw new AddonZipException(409, $"Addon version '{version}' in package.py is not a semantic version");
                }

                if (!names.Contains("server/__init__.py"))
                {
                    throw new AddonZipException(409, "The addon has no server/__init__.py");
                }

                JsonObject? defaults = null;
                if (archive.GetEntry("server/defaults.json") is { } defaultsEntry)
                {
                    try
                    {
                        defaults = JsonNode.Parse(Text(defaultsEntry)) as JsonObject
                            ?? throw new AddonZipException(409, "server/defaults.json is not a JSON object");
                    }
                    catch (JsonException ex)
                    {
                        throw new AddonZipException(409, $"server/defaults.json is not valid JSON (line {ex.LineNumber + 1})");
                    }
                }

                var files = new List<(string, string, byte[])>();
                foreach (var entry in entries)
                {
                    foreach (var (scope, folder) in new[] { ("public", "public/"), ("private", "private/"), (AyonAddonFrontendModule.Scope, AyonAddonFrontendModule.ZipFolder) })
                    {
                        if (entry.FullName.StartsWith(folder, StringComparison.Ordinal))
                        {
                            using var stream = entry.Open();
                            using var copy = new MemoryStream();
                            stream.CopyTo(copy);
                            files.Add((scope, entry.FullName[folder.Length..], copy.ToArray()));
                        }
                    }
                }

                return new AddonZip(name, version, Assignment(package, "title"), defaults, files);
            }
        }

        private static string Text(ZipArchiveEntry entry)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        }

        /// <summary>A top-level <c>key = "literal"</c> assignment of package.py (single or double quotes).</summary>
        private static string? Assignment(string source, string key)
        {
            foreach (Match match in AssignmentLine().Matches(source))
            {
                if (match.Groups["key"].Value == key)
                {
                    return match.Groups["double"].Success ? match.Groups["double"].Value : match.Groups["single"].Value;
                }
            }

            return null;
        }

        [GeneratedRegex("""^(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:"(?<double>[^"\\\n]*)"|'(?<single>[^'\\\n]*)')\s*(?:#.*)?$""", RegexOptions.Multiline)]
        private static partial Regex AssignmentLine();

        [GeneratedRegex(@"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")]
        private static partial Regex SemVer();
    }

    private sealed class AddonZipException(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
