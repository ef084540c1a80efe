using AyonFtrack.Features.Plugins;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class PluginLoadReportTests
{
    private static readonly PluginLoadReport Report = new(
        "production",
        [
            new ArchiveLoadReport("sample", "1.0.0", "addons/sample/1.0.0/private/sample.zip", ArchiveLoadStatus.Loaded, null, ["Acme.SampleModule", "Acme.OtherModule"], ["1 Python module(s) ignored"]),
            new ArchiveLoadReport("hibob", "1.0.2", "addons/hibob/1.0.2/private/h.tar.gz", ArchiveLoadStatus.Unsupported, "Python handlers cannot run in the .NET processor", [], []),
            new ArchiveLoadReport("broken", "0.1.0", "addons/broken/0.1.0/private/b.zip", ArchiveLoadStatus.Failed, "handler archive 'b.zip': cannot be read\n(second line)", [], []),
        ],
        null);

    [Fact]
    public void Summary_MixedOutcomes_IsOneLineWithEveryArchive() =>
        Report.Summary.ShouldBe(
            "Custom handlers (production): 1 loaded, 1 failed, 1 unsupported: "
            + "sample 1.0.0: loaded (2 modules, 1 problem); "
            + "hibob 1.0.2: unsupported (Python handlers cannot run in the .NET processor); "
            + "broken 0.1.0: failed (handler archive 'b.zip': cannot be read (second line))");

    [Fact]
    public void ToEventPayload_MixedOutcomes_HasSnakeCaseKeysPerArchive()
    {
        var payload = Report.ToEventPayload();

        payload.ToJsonString().ShouldBe(
            """{"variant":"production","summary":""" + System.Text.Json.JsonSerializer.Serialize(Report.Summary)
            + ""","loaded":1,"failed":1,"unsupported":1,"listing_error":null,"archives":["""
            + """{"addon_name":"sample","addon_version":"1.0.0","endpoint":"addons/sample/1.0.0/private/sample.zip","status":"loaded","reason":null,"modules":["Acme.SampleModule","Acme.OtherModule"],"problems":["1 Python module(s) ignored"]},"""
            + """{"addon_name":"hibob","addon_version":"1.0.2","endpoint":"addons/hibob/1.0.2/private/h.tar.gz","status":"unsupported","reason":"Python handlers cannot run in the .NET processor","modules":[],"problems":[]},"""
            + """{"addon_name":"broken","addon_version":"0.1.0","endpoint":"addons/broken/0.1.0/private/b.zip","status":"failed","reason":"handler archive \u0027b.zip\u0027: cannot be read\n(second line)","modules":[],"problems":[]}]}""");
    }

    [Fact]
    public void Succeeded_UnsupportedOnly_IsTrueButFailedIsNot()
    {
        new PluginLoadReport("production", [Report.Archives[1]], null).Succeeded.ShouldBeTrue();
        Report.Succeeded.ShouldBeFalse();
    }
}
