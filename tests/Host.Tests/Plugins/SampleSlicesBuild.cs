namespace AyonFtrack.Host.Tests.Plugins;

/// <summary>
/// The built tests/SampleSlices project, copied by Host.Tests.csproj to <c>SampleSlices/</c> under the test output.
/// It is never referenced, so it is absent from the default load context unless a test loads it there (none does).
/// </summary>
public static class SampleSlicesBuild
{
    public const string AssemblyName = "AyonFtrack.SampleSlices";

    public const string ModuleType = "AyonFtrack.SampleSlices.SampleSlicesModule";

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "SampleSlices");

    public static string AssemblyPath { get; } = Path.Combine(Folder, AssemblyName + ".dll");

    /// <summary>Every file of the build output (the DLL, its pdb, xml, deps.json and the copied AyonFtrack.Server.dll) under <paramref name="prefix"/>.</summary>
    public static IEnumerable<TestEntry> AllFiles(string prefix) =>
        Directory.EnumerateFiles(Folder).Order(StringComparer.Ordinal)
            .Select(f => TestEntry.File($"{prefix}/{Path.GetFileName(f)}", File.ReadAllBytes(f)));

    /// <summary>Only the sample's DLL under <paramref name="prefix"/>.</summary>
    public static TestEntry Dll(string prefix) => TestEntry.File($"{prefix}/{AssemblyName}.dll", File.ReadAllBytes(AssemblyPath));
}
