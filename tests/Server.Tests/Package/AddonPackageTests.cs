using AyonFtrack.Server.Package;

namespace AyonFtrack.Server.Tests.Package;

public sealed class AddonPackageTests
{
    [Fact]
    public void Identity_MatchesOriginalPackage_VersionAboveIt()
    {
        AddonPackage.Name.ShouldBe("ftrack");
        AddonPackage.Title.ShouldBe("ftrack");
        AddonPackage.Version.ShouldBe("1.7.0+dotnet");
        AddonPackage.OriginalVersion.ShouldBe("1.6.4+dev");
        AddonPackage.ClientDir.ShouldBe("ayon_ftrack");
        AddonPackage.PluginFor.ShouldBe(["ayon_server"]);
        AddonPackage.RequiredAddons["core"].ShouldBe(">=0.4.3");
        AddonPackage.CompatibleAddons["applications"].ShouldBe(">=0.2.4");
    }

    [Theory]
    [InlineData("leecher", "ayonftrackdotnet/ayon-ftrack-leecher:1.7.0-dotnet")]
    [InlineData("processor", "ayonftrackdotnet/ayon-ftrack-processor:1.7.0-dotnet")]
    [InlineData("Transmitter", "ayonftrackdotnet/ayon-ftrack-transmitter:1.7.0-dotnet")]
    public void ServiceFor_Mode_GivesOurImage_WithADockerSafeTag(string mode, string image)
    {
        AddonPackage.ServiceFor(mode)!.Image().ShouldBe(image);
    }

    [Fact]
    public void ServiceFor_UnknownMode_IsNull()
    {
        AddonPackage.ServiceFor("watcher").ShouldBeNull();
    }

    [Fact]
    public void Services_InOriginalOrder()
    {
        AddonPackage.Services.Select(s => s.Name).ShouldBe(["leecher", "processor", "transmitter"]);
        AddonPackage.Processor.Image("2.0.0").ShouldBe("ayonftrackdotnet/ayon-ftrack-processor:2.0.0");
        AddonPackage.Processor.Image("2.0.0+studio", "registry.studio.local/pipeline/ftrack").ShouldBe("registry.studio.local/pipeline/ftrack-processor:2.0.0-studio");
    }

    [Fact]
    public void EndpointPath_CustomProcessorHandlers_IsUnderAddonVersion()
    {
        AddonPackage.EndpointPath("1.6.4+dev", AddonEndpoints.CustomProcessorHandlers)
            .ShouldBe("/api/addons/ftrack/1.6.4+dev/customProcessorHandlers");
    }

    [Fact]
    public void SettingsPath_WithProject_AppendsEscapedProject()
    {
        AddonPackage.SettingsPath("1.6.4").ShouldBe("/api/addons/ftrack/1.6.4/settings");
        AddonPackage.SettingsPath("1.6.4", "demo").ShouldBe("/api/addons/ftrack/1.6.4/settings/demo");
    }
}

public sealed class PackageLayoutTests
{
    [Fact]
    public void ZipFileName_Version_IsNameDashVersion()
    {
        PackageLayout.ZipFileName("1.6.4+dev").ShouldBe("ftrack-1.6.4+dev.zip");
        PackageLayout.UnzippedFolder("1.6.4").ShouldBe("ftrack/1.6.4");
    }

    [Theory]
    [InlineData("server/__init__.py", false)]
    [InlineData("server/settings/main.py", false)]
    [InlineData("public/icons/Delivery.svg", false)]
    [InlineData("server/.DS_Store", true)]
    [InlineData(".git/config", true)]
    [InlineData("server/__pycache__/main.cpython-311.pyc", true)]
    [InlineData("server/settings/old.pyc", true)]
    [InlineData("server\\.hidden\\x.py", true)]
    public void IsIgnored_Path_FollowsOriginalPatterns(string path, bool ignored)
    {
        PackageLayout.IsIgnored(path).ShouldBe(ignored);
    }

    [Fact]
    public void IconUrl_ServerWithTrailingSlash_BuildsPublicUrl()
    {
        PackageLayout.IconUrl(new Uri("https://ayon.studio.local/"), "1.6.4+dev", "Delivery.svg").AbsoluteUri
            .ShouldBe("https://ayon.studio.local/addons/ftrack/1.6.4+dev/public/icons/Delivery.svg");
    }

    [Fact]
    public void PublicIcons_HoldsFifteenSvgs()
    {
        PackageLayout.PublicIcons.Count.ShouldBe(15);
        PackageLayout.PublicIcons.ShouldAllBe(i => i.EndsWith(".svg"));
    }
}
