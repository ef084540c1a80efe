using AyonFtrack.Server.Handlers;

namespace AyonFtrack.Server.Tests.Handlers;

public sealed class HandlerArchiveTests
{
    private static readonly HandlerManifest Manifest = new("1.0.0", ["handlers"], ["vendor"]);

    [Fact]
    public void Inspect_AssembliesInHandlerFolder_IsDotNet()
    {
        string[] entries = ["manifest.json", "handlers/", "handlers/Studio.Handlers.dll", "handlers/Studio.Handlers.deps.json", "vendor/Lib.dll"];

        var result = HandlerArchive.Inspect(entries, Manifest);

        result.Kind.ShouldBe(HandlerArchiveKind.DotNet);
        result.Assemblies.ShouldBe(["handlers/Studio.Handlers.dll"]);
    }

    [Fact]
    public void Inspect_OnlyPythonModules_IsPythonOnly()
    {
        string[] entries = ["manifest.json", "handlers/event_studio_sync.py", "handlers/_helpers.py", "handlers/sub/action_x.py", "vendor/requests/__init__.py"];

        var result = HandlerArchive.Inspect(entries, Manifest);

        result.Kind.ShouldBe(HandlerArchiveKind.PythonOnly);
        result.PythonModules.ShouldBe(["handlers/event_studio_sync.py", "handlers/sub/action_x.py"]);
        result.Assemblies.ShouldBeEmpty();
    }

    [Fact]
    public void Inspect_AssemblyAndPython_IsDotNet()
    {
        string[] entries = [".\\handlers\\Handlers.DLL", "handlers/legacy.py"];

        HandlerArchive.Inspect(entries, Manifest).Kind.ShouldBe(HandlerArchiveKind.DotNet);
    }

    [Fact]
    public void Inspect_AssemblyOutsideHandlerFolders_IsNotCounted()
    {
        string[] entries = ["manifest.json", "vendor/Lib.dll", "handlers/readme.txt", "handlersextra/X.dll"];

        HandlerArchive.Inspect(entries, Manifest).Kind.ShouldBe(HandlerArchiveKind.NoHandlers);
    }

    [Fact]
    public void Inspect_NoHandlerFolders_SearchesWholeArchive()
    {
        var manifest = new HandlerManifest("1.0.0", [], []);

        HandlerArchive.Inspect(["manifest.json", "lib/handlers.py"], manifest).Kind.ShouldBe(HandlerArchiveKind.PythonOnly);
    }

    [Theory]
    [InlineData(new[] { "manifest.json", "handlers/a.dll" }, true)]
    [InlineData(new[] { "./manifest.json" }, true)]
    [InlineData(new[] { "top/manifest.json", "handlers/a.dll" }, false)]
    [InlineData(new string[0], false)]
    public void HasManifestAtRoot_Listing_DetectsRootManifestOnly(string[] entries, bool expected)
    {
        HandlerArchive.HasManifestAtRoot(entries).ShouldBe(expected);
    }

    [Theory]
    [InlineData("hibob_event_handlers.tar.gz", ".tar.gz")]
    [InlineData("handlers.ZIP", ".zip")]
    [InlineData("h.tgz", ".tgz")]
    [InlineData("h.tar", ".tar")]
    [InlineData("h.tar.xz", ".tar.xz")]
    [InlineData("h.tar.bz2", ".tar.bz2")]
    [InlineData("h.7z", null)]
    [InlineData("h.gz", null)]
    public void ExtensionOf_FileName_ReturnsSupportedExtension(string fileName, string? extension)
    {
        HandlerArchive.ExtensionOf(fileName).ShouldBe(extension);
    }
}
