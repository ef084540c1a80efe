using System.Text.Json.Nodes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.Settings;

/// <summary>The vectors in Conversions/, which the addon's Python conversion (tests/Python) is checked with too.</summary>
public sealed class FtrackSettingsConversionVectorTests
{
    public static TheoryData<string> Vectors() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Settings", "Conversions"), "*.json").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ConvertOverrides_GivesTheVectorsResult(string file)
    {
        var vector = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Settings", "Conversions", file)))!.AsObject();
        var overrides = vector["overrides"]!.DeepClone().AsObject();

        var changes = FtrackSettingsConversions.ConvertOverrides(vector["sourceVersion"]!.GetValue<string>(), overrides);

        JsonNode.DeepEquals(overrides, vector["expected"]).ShouldBeTrue($"{file}: {overrides.ToJsonString()}");
        changes.ShouldBe(vector["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }
}
