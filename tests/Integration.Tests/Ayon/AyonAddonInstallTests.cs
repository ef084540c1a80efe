using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Server.Package;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Integration.Tests.Ayon;

/// <summary>
/// The addon package a studio uploads, installed in the AYON emulator over HTTP (<c>POST /api/addons/install</c>):
/// its defaults become the addon's settings, its public and private files are served, bad uploads say why.
/// </summary>
public sealed class AyonAddonInstallTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static byte[] Package() => AddonPackageBuilder.Zip(AddonPackageBuilder.Files(new AddonPackageOptions()));

    private static async Task<(HttpStatusCode Status, JsonObject Body)> InstallAsync(HttpClient client, byte[] zip)
    {
        using var content = new ByteArrayContent(zip);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await client.PostAsync("/api/addons/install", content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? []);
    }

    private static byte[] Zip(params (string Path, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in entries)
            {
                using var stream = archive.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task Install_ThePackage_ItsDefaultsAreTheSettings_AndTheServicesReadThem()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var admin = host.Raw(host.Emulator.ServiceApiKey);

        var (status, body) = await InstallAsync(admin, Package());

        status.ShouldBe(HttpStatusCode.OK);
        var installEvent = await host.Emulator.GetEventAsync(body["eventId"]!.GetValue<string>(), Ct);
        installEvent!.Topic.ShouldBe("addon.install");
        installEvent.Status.ShouldBe("finished");
        var settingsJson = await admin.GetStringAsync($"/api/addons/ftrack/{AddonPackage.Version}/settings?variant=production", Ct);
        FtrackSettings.Parse(settingsJson).ShouldBe(FtrackSettings.Defaults);

        // The services' own client reads the installed version's settings.
        await using var services = host.Services(apiKey: host.Emulator.ServiceApiKey);
        var api = services.GetRequiredService<IAyonApi>();
        var settings = await api.GetAddonSettingsAsync(AddonPackage.Name, AddonPackage.Version, "production", Ct);
        FtrackSettings.Parse(settings).ShouldBe(FtrackSettings.Defaults);
    }

    [Fact]
    public async Task Install_PublicIconsServedWithoutLogin_PrivateFilesOnlyToUsers()
    {
        await using var host = await AyonTestHost.StartAsync();
        using var admin = host.Raw(host.Emulator.ServiceApiKey);
        var client = Directory.CreateTempSubdirectory("ayon-ftrack-private-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(client, "files_info.json"), "[]", Ct);
            var zip = AddonPackageBuilder.Zip(AddonPackageBuilder.Files(new AddonPackageOptions { PrivateDirectory = client }));
            (await InstallAsync(admin, zip)).Status.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(client, recursive: true);
        }

        // Where the server actions point ftrack's menu (ActionIcons.Url), without a login, as ftrack's browser asks.
        using var anonymous = host.Raw(null);
        var iconUrl = ActionIcons.Url(new AyonOptions { ServerUrl = host.Emulator.BaseUrl, AddonVersion = AddonPackage.Version }, ActionIcons.AyonAdmin)!;
        using var icon = await anonymous.GetAsync(new Uri(iconUrl), Ct);
        icon.StatusCode.ShouldBe(HttpStatusCode.OK);
        icon.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        (await icon.Content.ReadAsStringAsync(Ct)).ShouldStartWith("<svg ");

        using var hidden = await anonymous.GetAsync($"/addons/ftrack/{AddonPackage.Version}/private/files_info.json", Ct);
        hidden.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.GetStringAsync($"/addons/ftrack/{AddonPackage.Version}/private/files_info.json", Ct)).ShouldBe("[]");
    }

    [Fact]
    public async Task Install_ByAnArtist_IsForbidden()
    {
        await using var host = await AyonTestHost.StartAsync();
        await host.Emulator.AddUserAsync("artist", isService: false, apiKey: "artist-key-0123456789abcdef", Ct);
        using var artist = host.Raw("artist-key-0123456789abcdef");

        var (status, body) = await InstallAsync(artist, Package());

        status.ShouldBe(HttpStatusCode.Forbidden);
        body["detail"]!.GetValue<string>().ShouldBe("Only admins can install addons");
        using var admin = host.Raw(host.Emulator.ServiceApiKey);
        using var settings = await admin.GetAsync($"/api/addons/ftrack/{AddonPackage.Version}/settings", Ct);
        settings.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, byte[], int, string> BadUploads() => new()
    {
        { "not a zip", Encoding.UTF8.GetBytes("PK? no, plain text"), 400, "The upload is not a zip file" },
        { "no package.py", Zip(("server/__init__.py", "")), 409, "Unsupported addon format" },
        { "no version", Zip(("package.py", "name = \"ftrack\"\n"), ("server/__init__.py", "")), 409, "Addon version not found in package.py" },
        { "bad version", Zip(("package.py", "name = \"ftrack\"\nversion = \"latest\"\n"), ("server/__init__.py", "")), 409, "is not a semantic version" },
        { "no server", Zip(("package.py", "name = \"ftrack\"\nversion = \"1.0.0\"\n")), 409, "The addon has no server/__init__.py" },
        { "escaping path", Zip(("package.py", "name = \"x\"\nversion = \"1.0.0\"\n"), ("server/__init__.py", ""), ("public/../../etc/passwd", "x")), 400, "points outside the addon folder" },
        { "broken defaults", Zip(("package.py", "name = \"x\"\nversion = \"1.0.0\"\n"), ("server/__init__.py", ""), ("server/defaults.json", "{oops")), 409, "server/defaults.json is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Install_BadUpload_SaysWhy_AndInstallsNothing(string label, byte[] zip, int status, string reason)
    {
        await using var host = await AyonTestHost.StartAsync();
        using var admin = host.Raw(host.Emulator.ServiceApiKey);

        var (actual, body) = await InstallAsync(admin, zip);

        ((int)actual).ShouldBe(status, label);
        body["detail"]!.GetValue<string>().ShouldContain(reason);
        (await host.Emulator.GetEventsAsync("addon.install", Ct)).ShouldNotContain(e => e.Topic == "addon.install", label);
    }
}
