using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon;
using AyonFtrack.Sandbox.Ftrack;
using AyonFtrack.Server.Package;

namespace AyonFtrack.Sandbox.Demo;

/// <summary>
/// The demo's studio: the AYON emulator and the ftrack emulator (REST + hub) on loopback, the addon package (built by
/// <see cref="AddonPackageBuilder"/>, as <c>build/package.sh</c> builds it) installed in AYON with its settings and
/// secrets as a studio sets them up, and a small show in ftrack (<see cref="DemoShow"/>).
/// </summary>
public sealed class DemoWorld : IAsyncDisposable
{
    /// <summary>The installed addon's version: the package's own.</summary>
    public const string AddonVersion = AddonPackage.Version;

    private static readonly Lazy<byte[]> PackageZip = new(() => AddonPackageBuilder.Zip(AddonPackageBuilder.Files(new AddonPackageOptions { FrontendDirectory = AyonAddonFrontendModule.BuiltFrontend() })));

    public const string Variant = "production";
    public const string UsernameSecret = "ftrack_user_secret";
    public const string ApiKeySecret = "ftrack_key_secret";

    private DemoWorld(AyonEmulator ayon, FtrackEmulator ftrack, string dataDirectory, DemoShow show)
    {
        Ayon = ayon;
        Ftrack = ftrack;
        DataDirectory = dataDirectory;
        Show = show;
    }

    public AyonEmulator Ayon { get; }

    public FtrackEmulator Ftrack { get; }

    /// <summary>The folder for the AYON database, the services' local state and the log file.</summary>
    public string DataDirectory { get; }

    /// <summary>The seeded show's ids.</summary>
    public DemoShow Show { get; }

    /// <summary>Starts both emulators (AYON's database in <paramref name="dataDirectory"/>, which the caller owns) and seeds the addon and the show.</summary>
    public static async Task<DemoWorld> StartAsync(string dataDirectory, int ayonPort, int ftrackPort, CancellationToken cancellationToken)
    {
        var ayon = await AyonEmulator.StartAsync(new AyonEmulatorOptions { Port = ayonPort, DatabasePath = Path.Combine(dataDirectory, "ayon.db") }, cancellationToken);
        try
        {
            // The ftrack web UI of the hub is the artist's: their action menu is what the desktop step opens.
            var ftrack = await FtrackEmulator.StartWithHubAsync(new FtrackEmulatorOptions { Port = ftrackPort }, new Ftrack.Hub.FtrackHubServerOptions { WebClientUsername = DemoShow.ArtistEmail }, cancellationToken);
            try
            {
                await SeedAddonAsync(ayon, ftrack, AddonVersion, null, DemoShow.AttributesMappingSettings(), cancellationToken);
                var show = await DemoShow.SeedAsync(ftrack, ayon, cancellationToken);
                return new DemoWorld(ayon, ftrack, dataDirectory, show);
            }
            catch
            {
                await ftrack.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await ayon.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Uploads the addon package to AYON as an admin does (<c>POST /api/addons/install</c>, as the service user, who
    /// counts as an admin) and returns the installed version.
    /// </summary>
    public static async Task<string> InstallPackageAsync(AyonEmulator ayon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        using var http = new HttpClient { BaseAddress = ayon.BaseUrl };
        using var content = new ByteArrayContent(PackageZip.Value);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/addons/install") { Content = content };
        request.Headers.Add("x-api-key", ayon.ServiceApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"AYON refused the addon package ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return AddonPackage.Version;
    }

    /// <summary>
    /// Seeds the ftrack addon in AYON as a studio sets it up: the package installed (its defaults), the production variant's ftrack server and the
    /// names of the two secrets holding the service user's credentials (<paramref name="ftrackKey"/> overrides the key,
    /// for bad-credential tests), plus <paramref name="extraSettings"/> merged at the top level.
    /// </summary>
    public static async Task SeedAddonAsync(AyonEmulator ayon, FtrackEmulator ftrack, string addonVersion, string? ftrackKey, JsonObject? extraSettings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ftrack);
        var settings = new JsonObject
        {
            ["ftrack_server"] = ftrack.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["service_settings"] = new JsonObject { ["username"] = UsernameSecret, ["api_key"] = ApiKeySecret },
        };
        foreach (var (key, value) in extraSettings ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        if (addonVersion == AddonPackage.Version)
        {
            await InstallPackageAsync(ayon, cancellationToken);
        }
        else
        {
            await ayon.SetAddonDefaultsAsync("ftrack", addonVersion, Server.Settings.FtrackSettings.Defaults.ToJsonObject(), cancellationToken);
        }

        await ayon.SetAddonSettingsAsync("ftrack", addonVersion, Variant, settings, cancellationToken);
        await ayon.SetSecretAsync(UsernameSecret, ftrack.ApiUser, cancellationToken);
        await ayon.SetSecretAsync(ApiKeySecret, ftrackKey ?? ftrack.ApiKey, cancellationToken);
    }

    /// <summary>The variables ASH sets for a service named <paramref name="serviceName"/>, plus its own data folder.</summary>
    public Dictionary<string, string?> Environment(string serviceName) => new()
    {
        ["AYON_SERVER_URL"] = Ayon.BaseUrl.GetLeftPart(UriPartial.Authority),
        ["AYON_API_KEY"] = Ayon.ServiceApiKey,
        ["AYON_ADDON_NAME"] = "ftrack",
        ["AYON_ADDON_VERSION"] = AddonVersion,
        ["AYON_SERVICE_NAME"] = serviceName,
        ["AYON_FTRACK_DATA_DIR"] = Path.Combine(DataDirectory, serviceName),
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Ftrack.DisposeAsync();
        await Ayon.DisposeAsync();
    }
}
