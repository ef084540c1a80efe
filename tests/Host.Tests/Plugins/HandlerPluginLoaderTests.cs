using System.Runtime.Loader;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class HandlerPluginLoaderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeHandlerArchiveSource _source = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("sample_handlers.zip")]
    [InlineData("sample_handlers.tar.gz")]
    public async Task LoadAsync_SampleArchive_SliceRunsFromItsOwnLoadContext(string fileName)
    {
        _source.Add("sample", "1.0.0", fileName, TestArchives.Build(fileName,
            [TestArchives.Manifest("1.0.0", ["handlers"]), .. SampleSlicesBuild.AllFiles("handlers")]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        var archive = result.Report.Archives.ShouldHaveSingleItem();
        archive.ShouldSatisfyAllConditions(
            () => archive.Status.ShouldBe(ArchiveLoadStatus.Loaded),
            () => archive.Reason.ShouldBeNull(),
            () => archive.Modules.ShouldBe([SampleSlicesBuild.ModuleType]),
            () => archive.Problems.ShouldBeEmpty());
        var module = result.Modules.ShouldHaveSingleItem();
        AssemblyLoadContext.GetLoadContext(module.GetType().Assembly).ShouldBeOfType<PluginLoadContext>();
        AssemblyLoadContext.Default.Assemblies.ShouldNotContain(a => a.GetName().Name == SampleSlicesBuild.AssemblyName);

        var services = new ServiceCollection();
        services.AddFakeLogging();
        var routes = services.AddSlicePipeline(HostMode.Processor, result.Modules);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var dispatch = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", UpdateEvent("evt-42"), CancellationToken.None);

        routes.All.Select(r => r.ToString()).ShouldBe(["processor ftrack.update 200 SampleSlices.RecordUpdate"]);
        dispatch.Outcomes.ShouldHaveSingleItem().ShouldBe(new SliceOutcome("SampleSlices.RecordUpdate", SliceOutcomeKind.Succeeded, null));
        var record = provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 50_001).ShouldHaveSingleItem();
        record.ShouldSatisfyAllConditions(
            () => record.Message.ShouldBe("Recorded ftrack update evt-42 by jane: 2 entities"),
            () => record.Category.ShouldBe("AyonFtrack.SampleSlices.RecordUpdate.Handler"));
    }

    [Fact]
    public async Task LoadAsync_SampleArchive_ItsValidatorRunsInTheHostPipeline()
    {
        _source.Add("sample", "1.0.0", "sample.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]));
        await using var loader = Loader();
        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSlicePipeline(HostMode.Processor, result.Modules);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var dispatch = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", UpdateEvent(""), CancellationToken.None);

        dispatch.Outcomes.ShouldHaveSingleItem().ShouldBe(new SliceOutcome("SampleSlices.RecordUpdate", SliceOutcomeKind.Rejected, "the ftrack event has no id"));
    }

    [Fact]
    public async Task LoadAsync_SampleModuleInOtherModes_AddsNoRoutes()
    {
        _source.Add("sample", "1.0.0", "sample.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]));
        await using var loader = Loader();
        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        new ServiceCollection().AddSlicePipeline(HostMode.Leecher, result.Modules).All.ShouldBeEmpty();
        new ServiceCollection().AddSlicePipeline(HostMode.Transmitter, result.Modules).All.ShouldBeEmpty();
    }

    [Fact]
    public async Task LoadAsync_PythonPathSubfolders_BecomeDependencyFoldersOfTheArchivesContext()
    {
        // Resolution from a dependency folder itself is proven by PluginLoadContextTests; here the manifest wiring.
        _source.Add("deps", "1.0.0", "deps.zip", TestArchives.Zip(
        [
            TestArchives.Manifest("1.0.0", ["handlers"], ["libs", "missing"]),
            SampleSlicesBuild.Dll("handlers"),
            TestEntry.File("libs/readme.txt", "dependencies go here"),
        ]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        var module = result.Modules.ShouldHaveSingleItem();
        var context = AssemblyLoadContext.GetLoadContext(module.GetType().Assembly).ShouldBeOfType<PluginLoadContext>();
        context.ProbeFolders.Select(Path.GetFileName).ShouldBe(["handlers", "libs"]);
        result.Report.Archives.ShouldHaveSingleItem().Problems.ShouldBe(["dependency folder 'missing' (python_path_subfolders) does not exist; ignored"]);
    }

    [Fact]
    public async Task LoadAsync_ModuleDependingOnALibraryInPythonPathFolder_ResolvesItThereAndRuns()
    {
        _source.Add("acme", "2.1.0", "acme.tar.gz", TestArchives.Build("acme.tar.gz",
        [
            TestArchives.Manifest("1.0.0", ["handlers"], ["libs"]),
            TestEntry.File($"handlers/{GlueAssembly.Name}.dll", GlueAssembly.Build(_temp.Combine("scratch"))),
            TestEntry.File($"libs/{SampleSlicesBuild.AssemblyName}.dll", File.ReadAllBytes(SampleSlicesBuild.AssemblyPath)),
        ]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddSlicePipeline(HostMode.Processor, result.Modules);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var dispatch = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", UpdateEvent("evt-7"), CancellationToken.None);

        result.Report.Archives.ShouldHaveSingleItem().Modules.ShouldBe([GlueAssembly.ModuleType]);
        var context = AssemblyLoadContext.GetLoadContext(result.Modules.ShouldHaveSingleItem().GetType().Assembly).ShouldBeOfType<PluginLoadContext>();
        var dependency = context.Assemblies.Where(a => a.GetName().Name == SampleSlicesBuild.AssemblyName).ShouldHaveSingleItem();
        Path.GetFileName(Path.GetDirectoryName(dependency.Location)).ShouldBe("libs");
        dispatch.Outcomes.ShouldHaveSingleItem().Kind.ShouldBe(SliceOutcomeKind.Succeeded);
        provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 50_001).ShouldHaveSingleItem().Message.ShouldBe("Recorded ftrack update evt-7 by jane: 2 entities");
    }

    [Fact]
    public async Task LoadAsync_NewerManifestVersion_IsUnsupportedAndNotLoaded()
    {
        _source.Add("future", "3.0.0", "future.zip", TestArchives.Zip([TestArchives.Manifest("2.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        result.Modules.ShouldBeEmpty();
        var archive = result.Report.Archives.ShouldHaveSingleItem();
        archive.ShouldSatisfyAllConditions(
            () => archive.Status.ShouldBe(ArchiveLoadStatus.Unsupported),
            () => archive.Reason.ShouldBe("manifest.json version 2.0.0 is not supported; the newest supported version is 1.0.0. The archive is not loaded."));
    }

    [Fact]
    public async Task LoadAsync_PythonHandlersOnly_IsUnsupportedWithTheReason()
    {
        _source.Add("hibob", "1.0.2", "hibob_event_handlers.tar.gz", TestArchives.Build("hibob_event_handlers.tar.gz",
        [
            TestArchives.Manifest("1.0.0", ["handlers"], ["python"]),
            TestEntry.File("handlers/event_sync_users.py", "def register(session):\n    pass\n"),
            TestEntry.File("handlers/_helpers.py", "X = 1\n"),
            TestEntry.File("python/hibob_api.py", "URL = 'x'\n"),
        ]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        var archive = result.Report.Archives.ShouldHaveSingleItem();
        archive.ShouldSatisfyAllConditions(
            () => archive.Status.ShouldBe(ArchiveLoadStatus.Unsupported),
            () => archive.Reason.ShouldBe("Python handlers cannot run in the .NET processor (1 Python module(s) and no .NET assembly in handlers)"),
            () => result.Report.Summary.ShouldContain("hibob 1.0.2: unsupported (Python handlers cannot run in the .NET processor"));
    }

    [Fact]
    public async Task LoadAsync_PythonBesideAssemblies_LoadsAndNotesThePythonFiles()
    {
        _source.Add("mixed", "1.0.0", "mixed.zip", TestArchives.Zip(
            [TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers"), TestEntry.File("handlers/event_old.py", "pass")]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        var archive = result.Report.Archives.ShouldHaveSingleItem();
        archive.Status.ShouldBe(ArchiveLoadStatus.Loaded);
        archive.Problems.ShouldBe(["1 Python module(s) ignored: Python handlers cannot run in the .NET processor"]);
    }

    [Fact]
    public async Task LoadAsync_BrokenAndBadArchives_AreReportedAndTheOthersStillLoad()
    {
        _source
            .Add("garbage", "0.1.0", "garbage.tar.gz", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 256))])
            .Add("sample", "1.0.0", "sample.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]))
            .Add("escape", "1.0.0", "escape.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), TestEntry.File("../../escaped.txt", "x")]))
            .Add("nomanifest", "1.0.0", "nomanifest.tgz", TestArchives.Build("nomanifest.tgz", [SampleSlicesBuild.Dll("handlers")]))
            .Add("rar", "1.0.0", "handlers.rar", [1, 2, 3])
            .AddMissing("gone", "1.0.0", "gone.zip")
            .Add("nomodule", "1.0.0", "nomodule.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), TestEntry.File("handlers/native.dll", [0x7f, 0x45, 0x4c, 0x46])]))
            .Add("nofolder", "1.0.0", "nofolder.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers", "more"]), SampleSlicesBuild.Dll("handlers")]))
            .Add("badjson", "1.0.0", "badjson.zip", TestArchives.Zip([TestEntry.File("manifest.json", "{ version: 1"), SampleSlicesBuild.Dll("handlers")]))
            .Add("hugemanifest", "1.0.0", "hugemanifest.zip", TestArchives.Zip([TestEntry.File("manifest.json", new string(' ', 2_000_000)), SampleSlicesBuild.Dll("handlers")]));
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        result.Modules.ShouldHaveSingleItem().GetType().FullName.ShouldBe(SampleSlicesBuild.ModuleType);
        var byAddon = result.Report.Archives.ToDictionary(a => a.AddonName);
        byAddon.Values.Select(a => a.Status).ShouldBe(
        [
            ArchiveLoadStatus.Failed, ArchiveLoadStatus.Loaded, ArchiveLoadStatus.Failed, ArchiveLoadStatus.Failed, ArchiveLoadStatus.Failed,
            ArchiveLoadStatus.Failed, ArchiveLoadStatus.Failed, ArchiveLoadStatus.Failed, ArchiveLoadStatus.Failed, ArchiveLoadStatus.Failed,
        ]);
        result.ShouldSatisfyAllConditions(
            () => byAddon["garbage"].Reason.ShouldStartWith("handler archive 'garbage.tar.gz'"),
            () => byAddon["escape"].Reason.ShouldBe("handler archive 'escape.zip', entry '../../escaped.txt': has a '..' segment; entries must stay inside the extraction folder"),
            () => byAddon["nomanifest"].Reason.ShouldBe("there is no manifest.json at the archive root"),
            () => byAddon["rar"].Reason.ShouldBe("handler archive 'handlers.rar': unsupported archive type; expected one of .zip, .tar.gz, .tar.xz, .tar.bz2, .tgz, .tar"),
            () => byAddon["gone"].Reason.ShouldBe("handler archive 'gone.zip': the download from 'addons/gone/1.0.0/private/gone.zip' failed (HttpRequestException: 404 Not Found: addons/gone/1.0.0/private/gone.zip)"),
            () => byAddon["nomodule"].Reason.ShouldBe("no public ISliceModule class with a public parameterless constructor in the assemblies at the top of handlers"),
            () => byAddon["nofolder"].Reason.ShouldBe("handler subfolder 'more' does not exist in the archive"),
            () => byAddon["badjson"].Reason!.ShouldStartWith("manifest.json is not valid JSON"),
            () => byAddon["hugemanifest"].Reason.ShouldBe("manifest.json is larger than 1048576 bytes"),
            () => _source.Opened.ShouldNotContain("addons/rar/1.0.0/private/handlers.rar"),
            () => File.Exists(Path.Combine(_temp.Path, "escaped.txt")).ShouldBeFalse(),
            () => result.Report.Summary.ShouldStartWith("Custom handlers (production): 1 loaded, 9 failed, 0 unsupported: garbage 0.1.0: failed (handler archive 'garbage.tar.gz'"));
    }

    [Fact]
    public async Task LoadAsync_WhileInUse_KeepsOnlyExtractedLoadedArchivesAndALockThatIsRewritten()
    {
        _source
            .Add("sample", "1.0.0", "sample.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]))
            .Add("python", "1.0.0", "python.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), TestEntry.File("handlers/event_x.py", "pass")]));
        var loader = Loader();

        await loader.LoadAsync(_source, "production", CancellationToken.None);

        var folder = loader.Folder.ShouldNotBeNull();
        Directory.EnumerateFileSystemEntries(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["lock", "sample_1.0.0"]);
        _time.Advance(TimeSpan.FromSeconds(30));
        HandlerDownloadFolder.TryReadLock(folder.LockPath, out var updated).ShouldBeTrue();
        updated.ShouldBe(Now.AddSeconds(30));

        await loader.DisposeAsync();

        Directory.Exists(folder.Path).ShouldBeFalse();
    }

    [Fact]
    public async Task LoadAsync_AtStart_RemovesAbandonedFoldersOfOtherProcesses()
    {
        var abandoned = Path.Combine(_temp.Path, "0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "lock"), (Now.ToUnixTimeSeconds() - 7200).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var loader = Loader();

        await loader.LoadAsync(_source, "production", CancellationToken.None);

        Directory.Exists(abandoned).ShouldBeFalse();
    }

    [Fact]
    public async Task LoadAsync_DownloadRootCannotBeCreated_ReportsEveryArchiveFailed()
    {
        var root = _temp.Combine("taken");
        File.WriteAllText(root, "a file where the root folder should be");
        _source.Add("sample", "1.0.0", "sample.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]));
        await using var loader = new HandlerPluginLoader(new PluginOptions(), root, _time, NullLogger<HandlerPluginLoader>.Instance);

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        result.Modules.ShouldBeEmpty();
        var archive = result.Report.Archives.ShouldHaveSingleItem();
        archive.Status.ShouldBe(ArchiveLoadStatus.Failed);
        archive.Reason.ShouldStartWith($"the download folder cannot be created under {root} (");
    }

    [Fact]
    public async Task LoadAsync_NoArchives_CreatesNoFolder()
    {
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "staging", CancellationToken.None);

        result.ShouldSatisfyAllConditions(
            () => result.Modules.ShouldBeEmpty(),
            () => result.Report.Summary.ShouldBe("Custom handlers (staging): none offered"),
            () => loader.Folder.ShouldBeNull(),
            () => _source.Listed.ShouldBe(["staging"]),
            () => Directory.EnumerateFileSystemEntries(_temp.Path).ShouldBeEmpty());
    }

    [Fact]
    public async Task LoadAsync_ListCannotBeRead_ReportsWhyAndLoadsNothing()
    {
        _source.ListFailure = new HttpRequestException("500 Internal Server Error");
        await using var loader = Loader();

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        result.ShouldSatisfyAllConditions(
            () => result.Modules.ShouldBeEmpty(),
            () => result.Report.ListingError.ShouldBe("HttpRequestException: 500 Internal Server Error"),
            () => result.Report.Succeeded.ShouldBeFalse(),
            () => result.Report.Summary.ShouldBe("Custom handlers (production): the list could not be read: HttpRequestException: 500 Internal Server Error"));
    }

    [Fact]
    public async Task LoadAsync_DownloadOverLimit_Fails()
    {
        _source.Add("huge", "1.0.0", "huge.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), TestEntry.File("handlers/blob.bin", System.Security.Cryptography.RandomNumberGenerator.GetBytes(5000))]));
        await using var loader = new HandlerPluginLoader(new PluginOptions { MaxArchiveBytes = 1000 }, _temp.Path, _time, NullLogger<HandlerPluginLoader>.Instance);

        var result = await loader.LoadAsync(_source, "production", CancellationToken.None);

        result.Report.Archives.ShouldHaveSingleItem().Reason.ShouldBe("handler archive 'huge.zip': the download is larger than the limit of 1000 bytes (Plugins:MaxArchiveBytes)");
    }

    [Fact]
    public async Task LoadAsync_CalledTwice_Throws()
    {
        await using var loader = Loader();
        await loader.LoadAsync(_source, "production", CancellationToken.None);

        await Should.ThrowAsync<InvalidOperationException>(() => loader.LoadAsync(_source, "production", CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_Cancelled_Throws()
    {
        _source.Add("sample", "1.0.0", "sample.zip", TestArchives.Zip([TestArchives.Manifest("1.0.0", ["handlers"]), SampleSlicesBuild.Dll("handlers")]));
        await using var loader = Loader();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => loader.LoadAsync(_source, "production", cancelled.Token));
    }

    [Fact]
    public void Create_ConfigurationAndVariable_UsesTheVariableRootAndConfiguredLimits()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Plugins:MaxEntries"] = "42",
            ["Plugins:LockInterval"] = "00:00:05",
        }).Build();

        var loader = HandlerPluginLoader.Create(configuration, new Dictionary<string, string?> { ["AYON_FTRACK_DOWNLOAD_ROOT"] = _temp.Combine("root") }, _time, NullLoggerFactory.Instance);

        loader.DownloadRoot.ShouldBe(_temp.Combine("root"));
        HandlerPluginLoader.ReadOptions(configuration).ShouldSatisfyAllConditions(
            o => o.MaxEntries.ShouldBe(42),
            o => o.LockInterval.ShouldBe(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("Plugins:MaxEntries", "0", "Plugins:MaxEntries is invalid")]
    [InlineData("Plugins:LockInterval", "02:00:00", "Plugins:LockInterval is invalid")]
    [InlineData("Plugins:MaxTotalBytes", "lots", "Plugins: ")]
    public void ReadOptions_BadValue_ThrowsNamingTheSetting(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Should.Throw<PluginOptionsException>(() => HandlerPluginLoader.ReadOptions(configuration)).Message.ShouldStartWith(message);
    }

    private HandlerPluginLoader Loader() => new(new PluginOptions(), _temp.Path, _time, NullLogger<HandlerPluginLoader>.Instance);

    private static FtrackEvent UpdateEvent(string id) => FtrackEvent.Create(
        id,
        "ftrack.update",
        new JsonObject { ["entities"] = new JsonArray(new JsonObject { ["entityId"] = "task-1" }, new JsonObject { ["entityId"] = "task-2" }) },
        new JsonObject { ["user"] = new JsonObject { ["username"] = "jane" } });
}
