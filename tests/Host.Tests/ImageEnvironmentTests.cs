using AyonFtrack.Testing;

namespace AyonFtrack.Host.Tests;

/// <summary>
/// The reader that gives the bench, the chaos suite and the 60 MB-event test the image's runtime settings
/// (tests/Shared/ImageEnvironment.cs): what it takes from a Dockerfile, and that the real one yields the GC settings.
/// </summary>
public sealed class ImageEnvironmentTests
{
    [Fact]
    public void Parse_EnvWithContinuationLines_TakesOnlyTheRuntimeAndAllocatorVariables()
    {
        string[] dockerfile =
        [
            "ARG DOTNET_VERSION=10.0",
            "FROM runtime",
            "# ENV DOTNET_Commented=1",
            "ENV AYON_FTRACK_MODE=${MODE} \\",
            "    DOTNET_GCgen0size=0x100000 \\",
            "    MALLOC_ARENA_MAX=2 \\",
            "    DOTNET_GCRegionSize=0x100000",
            "RUN echo DOTNET_NotEnv=1",
        ];

        var variables = ImageEnvironment.Parse(dockerfile);

        variables.ShouldBe(new Dictionary<string, string>
        {
            ["DOTNET_GCgen0size"] = "0x100000",
            ["MALLOC_ARENA_MAX"] = "2",
            ["DOTNET_GCRegionSize"] = "0x100000",
        }, ignoreOrder: true);
    }

    [Fact]
    public void Require_TheRepositorysDockerfile_GivesTheImagesGcAndJitSettings()
    {
        var variables = ImageEnvironment.Require();

        variables.ShouldContainKey("DOTNET_GCgen0size");
        variables.ShouldContainKey("DOTNET_GCRegionSize");
        // The memory the services need (docs/operating.md, Memory): without these three the leecher peaks at 84–87 MiB.
        variables.ShouldContainKeyAndValue("DOTNET_ReadyToRun", "0");
        variables.ShouldContainKeyAndValue("DOTNET_JitHostMaxSlabCache", "0");
        variables.ShouldContainKeyAndValue("MALLOC_ARENA_MAX", "2");
        variables.Keys.ShouldAllBe(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("MALLOC_", StringComparison.Ordinal));
    }
}
