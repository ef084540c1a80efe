using System.Text;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// Integrators' desktop slices through a real <c>serve</c>: the handler archives the ftrack addon lists for the artist's
/// variant (the processor's list and manifest) are downloaded from the AYON emulator, the sample addon's desktop action is
/// offered and launched, and a bad archive is refused with its reason while the rest still loads.
/// </summary>
public sealed class DesktopHandlersTests
{
    private const string Manifest = """{"version": "1.0.0", "handler_subfolders": ["handlers"]}""";

    [Fact]
    public async Task Serve_HandlerArchives_SampleDesktopActionOfferedAndLaunched_BadArchiveRefusedWithItsReason()
    {
        await using var world = await DesktopWorld.StartAsync();
        var downloads = Directory.CreateTempSubdirectory("ayon-ftrack-desk-handlers-");
        try
        {
            var sample = HandlerArchives.SampleAssembly;
            await HandlerArchives.AddAsync(world.Ayon, "sample", "1.0.0", "handlers.zip", ("manifest.json", Encoding.UTF8.GetBytes(Manifest)), ("handlers/AyonFtrack.SampleSlices.dll", await File.ReadAllBytesAsync(sample)));
            await HandlerArchives.AddAsync(world.Ayon, "evil", "1.0.0", "evil.zip", ("manifest.json", Encoding.UTF8.GetBytes(Manifest)), ("../escape.txt", "out"u8.ToArray()));
            await world.Ayon.SetCustomProcessorHandlersAsync("production",
            [
                ("evil", "1.0.0", "addons/evil/1.0.0/private/evil.zip"),
                ("sample", "1.0.0", "addons/sample/1.0.0/private/handlers.zip"),
            ], CancellationToken.None);

            var serve = await world.ServeAsync(environment: v => v["AYON_FTRACK_DOWNLOAD_ROOT"] = downloads.FullName);
            var task = Selected.Task(world.TaskIds["layout"]);

            DesktopWorld.Offered(await world.DiscoverAsync(task)).ShouldContain("sample.say.hello");
            DesktopWorld.Offered(await world.DiscoverAsync()).ShouldNotContain("sample.say.hello");
            var reply = await world.LaunchAsync(serve.Identifier("sample.say.hello"), null, task);

            reply["success"]!.GetValue<bool>().ShouldBeTrue();
            reply["message"]!.GetValue<string>().ShouldBe("Hello from the sample addon: 1 selected.");
            var report = serve.Process.ErrorLines.Single(l => l.Contains("desktop handlers:", StringComparison.Ordinal));
            report.ShouldStartWith("warning: desktop handlers: Custom handlers (production): 1 loaded, 1 failed, 0 unsupported");
            report.ShouldContain("evil 1.0.0: failed (handler archive 'evil.zip', entry '../escape.txt'");
            report.ShouldContain("sample 1.0.0: loaded (1 module)");
            File.Exists(Path.Combine(downloads.FullName, "escape.txt")).ShouldBeFalse();
            Directory.EnumerateFiles(downloads.FullName, "escape.txt", SearchOption.AllDirectories).ShouldBeEmpty();
            Directory.GetDirectories(downloads.FullName).Length.ShouldBe(1, "serve keeps one download folder (with its lock) while it runs");

            await serve.Process.SendAsync("""{"command":"stop"}""");
            await serve.Process.Process.WaitForExitAsync(new CancellationTokenSource(DesktopWorld.Deadline).Token);
            serve.Process.Process.ExitCode.ShouldBe(0);
            Directory.GetDirectories(downloads.FullName).ShouldBeEmpty("serve deletes its download folder when it stops");
        }
        finally
        {
            downloads.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Serve_HandlerListUnreadable_StartsWithItsOwnActionsAndSaysWhy()
    {
        await using var world = await DesktopWorld.StartAsync();
        var downloads = Directory.CreateTempSubdirectory("ayon-ftrack-desk-handlers-");
        try
        {
            // A listed archive that AYON does not have: the download fails, named; the built-in actions still answer.
            await world.Ayon.SetCustomProcessorHandlersAsync("production", [("gone", "1.0.0", "addons/gone/1.0.0/private/gone.zip")], CancellationToken.None);

            var serve = await world.ServeAsync(environment: v => v["AYON_FTRACK_DOWNLOAD_ROOT"] = downloads.FullName);

            DesktopWorld.Offered(await world.DiscoverAsync()).ShouldContain("ayon.ask.where.i.run");
            var report = serve.Process.ErrorLines.Single(l => l.Contains("desktop handlers:", StringComparison.Ordinal));
            report.ShouldContain("0 loaded, 1 failed");
            report.ShouldContain("gone 1.0.0: failed (handler archive 'gone.zip': the download from 'addons/gone/1.0.0/private/gone.zip' failed");
            report.ShouldNotContain(world.Ayon.ServiceApiKey);
        }
        finally
        {
            downloads.Delete(recursive: true);
        }
    }
}
