using System.Buffers;
using System.ComponentModel.DataAnnotations;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Plugins;

/// <summary>
/// Loads integrators' slice modules from the handler archives AYON lists for a variant (DESIGN.md §5, reference §2):
/// removes abandoned download folders, creates this process's folder with its lock, downloads and safely extracts each
/// archive, reads its <c>manifest.json</c> (1.0.0), loads its handler folders into a <see cref="PluginLoadContext"/> of
/// its own and discovers its <see cref="ISliceModule"/> types. Each archive is reported loaded, failed or unsupported
/// with the reason; one bad archive never stops the others. Dispose (at stop) to stop the lock and delete the folder.
/// </summary>
/// <remarks>
/// Fixed from the original (reference §7): a newer manifest version is reported unsupported and not loaded (the
/// original printed "trying anyway" and skipped it); extraction has a path-traversal, link and size guard; dependency
/// folders belong to the archive's own load context instead of staying on a global path; modules of different
/// archives cannot collide; and an archive of Python handlers only is reported, not silently skipped.
/// </remarks>
public sealed class HandlerPluginLoader : IAsyncDisposable
{
    private const int BufferSize = 81920;

    /// <summary>A manifest is a few lines of JSON; anything larger is not read.</summary>
    private const long MaxManifestBytes = 1024 * 1024;

    private readonly PluginOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<HandlerPluginLoader> _logger;
    private readonly HandlerArchiveExtractor _extractor;
    private HandlerDownloadFolder? _folder;
    private bool _started;

    /// <summary>Creates a loader that downloads into <paramref name="downloadRoot"/>.</summary>
    public HandlerPluginLoader(PluginOptions options, string downloadRoot, TimeProvider timeProvider, ILogger<HandlerPluginLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(downloadRoot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _extractor = new HandlerArchiveExtractor(options.Limits);
        DownloadRoot = Path.GetFullPath(downloadRoot);
    }

    /// <summary>What runs the handlers, as messages name it ("Python handlers cannot run in the .NET &lt;runner&gt;").</summary>
    public string Runner { get; init; } = "processor";

    /// <summary>The mode of the process the handlers run in; a module with no route in it is reported as a problem.</summary>
    public HostMode Mode { get; init; } = HostMode.Processor;

    /// <summary>The download root shared with other processes.</summary>
    public string DownloadRoot { get; }

    /// <summary>This process's folder under the root, once <see cref="LoadAsync"/> found archives to download.</summary>
    public HandlerDownloadFolder? Folder => _folder;

    /// <summary>
    /// A loader configured from section <c>Plugins</c> of <paramref name="configuration"/>; the download root falls back to
    /// <c>AYON_FTRACK_DOWNLOAD_ROOT</c> in <paramref name="environment"/>, then to <c>DataDirectory</c>.
    /// </summary>
    /// <exception cref="PluginOptionsException">A <c>Plugins</c> setting is invalid; the message names it.</exception>
    public static HandlerPluginLoader Create(
        IConfiguration configuration,
        IReadOnlyDictionary<string, string?> environment,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var options = ReadOptions(configuration);
        var root = HandlerDownloadFolder.ResolveRoot(options.DownloadRoot, environment, configuration["DataDirectory"]);
        return new HandlerPluginLoader(options, root, timeProvider, loggerFactory.CreateLogger<HandlerPluginLoader>());
    }

    /// <summary>Binds and validates section <c>Plugins</c>.</summary>
    /// <exception cref="PluginOptionsException">A value cannot be read or is out of range; the message names the key.</exception>
    public static PluginOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new PluginOptions();
        try
        {
            configuration.GetSection(PluginOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new PluginOptionsException($"{PluginOptions.Section}: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            throw new PluginOptionsException($"{PluginOptions.Section}:{string.Join(",", first.MemberNames)} is invalid: {first.ErrorMessage}");
        }

        return options;
    }

    /// <summary>
    /// Loads the archives <paramref name="source"/> lists for <paramref name="variant"/>. Never throws for a bad archive
    /// or an unreadable list: those are in the report. Call once per process.
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled.</exception>
    public async Task<PluginLoadResult> LoadAsync(IHandlerArchiveSource source, string variant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(variant);
        if (_started)
        {
            throw new InvalidOperationException("Custom handlers are loaded once per process; this loader already ran.");
        }

        _started = true;
        try
        {
            HandlerDownloadFolder.CleanupStale(DownloadRoot, _timeProvider, _logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            PluginLog.StaleFolderNotRemoved(_logger, DownloadRoot, ex.Message);
        }

        IReadOnlyList<HandlerArchiveEntry> entries;
        try
        {
            entries = await source.ListAsync(variant, cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var reason = $"{ex.GetType().Name}: {ex.Message}";
            PluginLog.ListingFailed(_logger, variant, reason);
            return Finish(new PluginLoadResult([], new PluginLoadReport(variant, [], reason)));
        }

        PluginLog.Listed(_logger, variant, entries.Count);
        if (entries.Count == 0)
        {
            return Finish(new PluginLoadResult([], new PluginLoadReport(variant, [], null)));
        }

        try
        {
            _folder = HandlerDownloadFolder.Create(DownloadRoot, _options.LockInterval, _timeProvider, _logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = $"the download folder cannot be created under {DownloadRoot} ({ex.Message})";
            var failed = entries.Select(e => new ArchiveLoadReport(e.AddonName ?? "", e.AddonVersion ?? "", e.Endpoint ?? "", ArchiveLoadStatus.Failed, reason, [], [])).ToList();
            failed.ForEach(Log);
            return Finish(new PluginLoadResult([], new PluginLoadReport(variant, failed, null)));
        }

        var modules = new List<ISliceModule>();
        var reports = new List<ArchiveLoadReport>();
        foreach (var entry in entries)
        {
            var (report, loaded) = await LoadArchiveAsync(source, _folder, entry, cancellationToken);
            reports.Add(report);
            modules.AddRange(loaded);
            Log(report);
        }

        return Finish(new PluginLoadResult(modules, new PluginLoadReport(variant, reports, null)));
    }

    /// <summary>Stops the lock updates and deletes this process's download folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            await _folder.DisposeAsync();
        }
    }

    private PluginLoadResult Finish(PluginLoadResult result)
    {
        PluginLog.Summary(_logger, result.Report.Summary);
        return result;
    }

    private void Log(ArchiveLoadReport report)
    {
        switch (report.Status)
        {
            case ArchiveLoadStatus.Loaded:
                PluginLog.ArchiveLoaded(_logger, report.AddonName, report.AddonVersion, report.Modules);
                break;
            case ArchiveLoadStatus.Unsupported:
                PluginLog.ArchiveUnsupported(_logger, report.AddonName, report.AddonVersion, report.Reason ?? "");
                break;
            default:
                PluginLog.ArchiveFailed(_logger, report.AddonName, report.AddonVersion, report.Reason ?? "");
                break;
        }

        foreach (var problem in report.Problems)
        {
            PluginLog.ArchiveProblem(_logger, report.AddonName, report.AddonVersion, problem);
        }
    }

    private async Task<(ArchiveLoadReport Report, IReadOnlyList<ISliceModule> Modules)> LoadArchiveAsync(
        IHandlerArchiveSource source,
        HandlerDownloadFolder folder,
        HandlerArchiveEntry entry,
        CancellationToken cancellationToken)
    {
        var addon = entry.AddonName ?? "";
        var version = entry.AddonVersion ?? "";
        var endpoint = entry.Endpoint ?? "";
        var problems = new List<string>();
        ArchiveLoadReport Report(ArchiveLoadStatus status, string? reason, IReadOnlyList<ISliceModule>? modules = null) =>
            new(addon, version, endpoint, status, reason, [.. (modules ?? []).Select(m => m.GetType().FullName ?? m.GetType().Name)], [.. problems]);

        if (string.IsNullOrWhiteSpace(addon) || string.IsNullOrWhiteSpace(version) || string.IsNullOrWhiteSpace(endpoint))
        {
            return (Report(ArchiveLoadStatus.Failed, "the list entry lacks addon_name, addon_version or endpoint"), []);
        }

        var extractFolder = UniquePath(folder.Path, SafeName($"{addon}_{version}"));
        try
        {
            var fileName = SafeName(FileNameOf(endpoint));
            HandlerArchiveExtractor.DetectFormat(fileName);
            var archivePath = UniquePath(folder.Path, fileName);
            try
            {
                await DownloadAsync(source, endpoint, archivePath, cancellationToken);
                await _extractor.ExtractAsync(archivePath, extractFolder, cancellationToken);
            }
            finally
            {
                File.Delete(archivePath);
            }

            var outcome = LoadExtracted($"{addon} {version}", extractFolder, Runner, Mode, problems);
            if (outcome.Status != ArchiveLoadStatus.Loaded)
            {
                TryDelete(extractFolder);
            }

            return (Report(outcome.Status, outcome.Reason, outcome.Modules), outcome.Modules);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            TryDelete(extractFolder);
            var reason = ex is HandlerArchiveException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            return (Report(ArchiveLoadStatus.Failed, reason), []);
        }
    }

    private async Task DownloadAsync(IHandlerArchiveSource source, string endpoint, string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        Stream stream;
        try
        {
            stream = await source.OpenAsync(endpoint, cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new HandlerArchiveException(name, null, $"the download from '{endpoint}' failed ({ex.GetType().Name}: {ex.Message})", ex);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using (stream)
            {
                await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    total += read;
                    if (total > _options.MaxArchiveBytes)
                    {
                        throw new HandlerArchiveException(name, null, $"the download is larger than the limit of {_options.MaxArchiveBytes} bytes (Plugins:MaxArchiveBytes)");
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
        }
        catch (IOException ex)
        {
            throw new HandlerArchiveException(name, null, $"the download from '{endpoint}' broke off ({ex.Message})", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Manifest, folders, Python check, load context and discovery of one extracted archive.</summary>
    private static (ArchiveLoadStatus Status, string? Reason, IReadOnlyList<ISliceModule> Modules) LoadExtracted(
        string displayName,
        string root,
        string runner,
        HostMode mode,
        List<string> problems)
    {
        var manifestPath = Path.Combine(root, HandlerManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return (ArchiveLoadStatus.Failed, $"there is no {HandlerManifest.FileName} at the archive root", []);
        }

        if (new FileInfo(manifestPath).Length > MaxManifestBytes)
        {
            return (ArchiveLoadStatus.Failed, $"{HandlerManifest.FileName} is larger than {MaxManifestBytes} bytes", []);
        }

        HandlerManifest manifest;
        try
        {
            manifest = HandlerManifest.Parse(File.ReadAllText(manifestPath));
        }
        catch (HandlerManifestException ex) when (ex.Error == HandlerManifestError.UnsupportedVersion)
        {
            return (ArchiveLoadStatus.Unsupported, $"{ex.Message} The archive is not loaded.", []);
        }
        catch (HandlerManifestException ex)
        {
            return (ArchiveLoadStatus.Failed, ex.Message, []);
        }

        if (manifest.HandlerSubfolders.Count == 0)
        {
            return (ArchiveLoadStatus.Failed, $"{HandlerManifest.FileName} lists no handler_subfolders, so the archive adds no handlers", []);
        }

        var handlerFolders = new List<string>();
        foreach (var subfolder in manifest.HandlerSubfolders)
        {
            var path = InsideOrNull(root, subfolder);
            if (path is null)
            {
                return (ArchiveLoadStatus.Failed, $"handler subfolder '{subfolder}' resolves outside the archive", []);
            }

            if (!Directory.Exists(path))
            {
                return (ArchiveLoadStatus.Failed, $"handler subfolder '{subfolder}' does not exist in the archive", []);
            }

            handlerFolders.Add(path);
        }

        var dependencyFolders = new List<string>();
        foreach (var subfolder in manifest.PythonPathSubfolders)
        {
            var path = InsideOrNull(root, subfolder);
            if (path is null || !Directory.Exists(path))
            {
                problems.Add($"dependency folder '{subfolder}' (python_path_subfolders) {(path is null ? "resolves outside the archive" : "does not exist")}; ignored");
                continue;
            }

            dependencyFolders.Add(path);
        }

        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));
        var inspection = HandlerArchive.Inspect(files, manifest);
        var folders = string.Join(", ", manifest.HandlerSubfolders);
        switch (inspection.Kind)
        {
            case HandlerArchiveKind.PythonOnly:
                return (ArchiveLoadStatus.Unsupported,
                    $"Python handlers cannot run in the .NET {runner} ({inspection.PythonModules.Count} Python module(s) and no .NET assembly in {folders})",
                    []);
            case HandlerArchiveKind.NoHandlers:
                return (ArchiveLoadStatus.Failed, $"the handler subfolders ({folders}) hold no .NET assemblies", []);
        }

        if (inspection.PythonModules.Count > 0)
        {
            problems.Add($"{inspection.PythonModules.Count} Python module(s) ignored: Python handlers cannot run in the .NET {runner}");
        }

        var context = new PluginLoadContext(displayName, handlerFolders, dependencyFolders);
        var discovery = SliceModuleDiscovery.Discover(context, handlerFolders, root, mode);
        problems.AddRange(discovery.Problems);
        if (discovery.Modules.Count > 0)
        {
            return (ArchiveLoadStatus.Loaded, null, discovery.Modules);
        }

        var reason = discovery.Problems.Count > 0
            ? $"no slice module could be loaded from {folders}: {string.Join("; ", discovery.Problems)}"
            : $"no public ISliceModule class with a public parameterless constructor in the assemblies at the top of {folders}";
        return (ArchiveLoadStatus.Failed, reason, []);
    }

    /// <summary>The full path of <paramref name="relative"/> under <paramref name="root"/>, or null when it leaves it.</summary>
    private static string? InsideOrNull(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(full, root, comparison) || full.StartsWith(root + Path.DirectorySeparatorChar, comparison) ? full : null;
    }

    /// <summary>The last path segment of an endpoint, without query or fragment.</summary>
    private static string FileNameOf(string endpoint)
    {
        var path = endpoint.Split('?', '#')[0].TrimEnd('/');
        return path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
    }

    /// <summary>A file or folder name made of letters, digits, '.', '-' and '_' only.</summary>
    private static string SafeName(string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return safe.Length == 0 || safe.All(c => c == '.') ? "_" + safe : safe;
    }

    private static string UniquePath(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        for (var i = 2; File.Exists(path) || Directory.Exists(path); i++)
        {
            path = Path.Combine(folder, $"{i}_{name}");
        }

        return path;
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
            // Removed with the process folder at stop, or by the next start's cleanup.
        }
    }
}
