using System.IO.Compression;
using System.Text;
using AyonFtrack.Server.Package;

namespace AyonFtrack.Server.Tests.Package;

/// <summary>The operator page in the package: <c>frontend/dist/</c> from a built folder, and the scope the server part declares.</summary>
public sealed class AddonPackageFrontendTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("ayon-ftrack-frontend-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string BuiltPage()
    {
        var dist = Path.Combine(_temp, "dist");
        Directory.CreateDirectory(Path.Combine(dist, "assets"));
        File.WriteAllText(Path.Combine(dist, "index.html"), "<!doctype html><script type=\"module\" src=\"./assets/index.js\"></script>");
        File.WriteAllText(Path.Combine(dist, "assets", "index.js"), "console.log('page')");
        File.WriteAllText(Path.Combine(dist, ".DS_Store"), "finder");
        return dist;
    }

    [Fact]
    public void Zip_WithBuiltFrontend_CarriesItUnderFrontendDist()
    {
        var path = AddonPackageBuilder.WriteZip(new AddonPackageOptions { FrontendDirectory = BuiltPage() }, _temp);

        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("frontend/", StringComparison.Ordinal)).ToList();
        names.ShouldBe(["frontend/dist/assets/index.js", "frontend/dist/index.html"]);
        using var reader = new StreamReader(zip.GetEntry("frontend/dist/assets/index.js")!.Open(), Encoding.UTF8);
        reader.ReadToEnd().ShouldBe("console.log('page')");
    }

    [Fact]
    public void Files_WithoutFrontend_SaysSoAndCarriesNone()
    {
        var reports = new List<string>();

        var files = AddonPackageBuilder.Files(new AddonPackageOptions(), reports.Add);

        files.ShouldNotContain(f => f.Path.StartsWith("frontend/", StringComparison.Ordinal));
        reports.ShouldContain("frontend/dist/: no built frontend given, so AYON shows no operator page for the addon.");
    }

    [Fact]
    public void Files_FrontendFolderWithoutIndex_IsRefusedByName()
    {
        var empty = Path.Combine(_temp, "unbuilt");
        Directory.CreateDirectory(empty);

        var error = Should.Throw<InvalidOperationException>(() => AddonPackageBuilder.Files(new AddonPackageOptions { FrontendDirectory = empty }));

        error.Message.ShouldContain(empty);
        error.Message.ShouldContain("index.html");
    }

    [Fact]
    public void ServerInit_DeclaresTheSettingsScopeTheRealServerReads()
    {
        // ayon-backend's FrontendScopes: a dict from "settings" | "project" | "dashboard" to {admin?, manager?, sidebar?},
        // read from the addon class's frontend_scopes attribute and listed by GET /api/addons.
        var init = Encoding.UTF8.GetString(AddonPackageBuilder.EmbeddedForTests()["server/__init__.py"]);

        init.ShouldContain("\n    frontend_scopes = {\"settings\": {\"admin\": True}}\n");
    }

    [Fact]
    public void Embedded_AddonFiles_LeaveTheFrontendSourcesOut()
    {
        AddonPackageBuilder.EmbeddedForTests().Keys.ShouldNotContain(k => k.StartsWith("frontend/", StringComparison.Ordinal));
    }
}
