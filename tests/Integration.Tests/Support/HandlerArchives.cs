using System.IO.Compression;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Integration.Tests.Support;

/// <summary>Integrators' handler archives for the processor's and the desktop's tests: zip files served as addons' private files.</summary>
internal static class HandlerArchives
{
    /// <summary>The sample integrator's built assembly (tests/SampleSlices), copied beside the tests.</summary>
    public static string SampleAssembly => Path.Combine(AppContext.BaseDirectory, "SampleSlices", "AyonFtrack.SampleSlices.dll");

    /// <summary>Zips <paramref name="entries"/> (names as given, unchecked) into <c>addons/{addon}/{version}/private/{fileName}</c> of the AYON emulator.</summary>
    public static async Task AddAsync(AyonEmulator ayon, string addon, string version, string fileName, params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                await using var stream = await zip.CreateEntry(name).OpenAsync();
                await stream.WriteAsync(content);
            }
        }

        await ayon.AddAddonFileAsync(addon, version, fileName, buffer.ToArray(), isPublic: false, CancellationToken.None);
    }
}
