using System.Text.Json.Nodes;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class SyncConventionsTests
{
    [Theory]
    [InlineData("sh-01", "sh_01")]
    [InlineData("Hero Char", "Hero_Char")]
    [InlineData("sh010", "sh010")]
    [InlineData("  a..b  ", "a_b")]
    [InlineData("Café (v2)", "Cafe_v2")]
    public void Slugify_Name_AyonSlug(string name, string expected) => SyncConventions.Slugify(name).ShouldBe(expected);

    [Theory]
    [InlineData("Compositing", "compositing")]
    [InlineData("Look Dev-2", "lookdev2")]
    public void TaskTypeShortName_Name_LowerWordCharacters(string name, string expected) => SyncConventions.TaskTypeShortName(name).ShouldBe(expected);

    [Fact]
    public void FtrackPath_LinkNames_WithoutProject() => SyncConventions.FtrackPath(["show", "sq01", "sh010"]).ShouldBe("sq01/sh010");

    [Theory]
    [InlineData("24", 24.0)]
    [InlineData("23,976", 23.976)]
    [InlineData("24000/1001", 23.976)]
    public void ConvertToFps_Valid_Parsed(string value, double expected) => SyncConventions.ConvertToFps(value).ShouldBe(expected, 0.0005);

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData(".")]
    [InlineData("fast")]
    public void ConvertToFps_Invalid_ThrowsNamingValue(string value) =>
        Should.Throw<FormatException>(() => SyncConventions.ConvertToFps(value)).Message.ShouldContain($"\"{value}\"");

    [Fact]
    public void ShiftToNextMidnight_TimezoneShiftedDate_NextMidnight() =>
        SyncConventions.ShiftToNextMidnight(new DateTimeOffset(2024, 10, 29, 22, 0, 0, TimeSpan.Zero)).ShouldBe(new DateTimeOffset(2024, 10, 30, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ConvertValue_ByFtrackType_Converted()
    {
        SyncConventions.ConvertValue("frameStart", "number", "{\"isdecimal\": false}", "1001.0")!.GetValue<long>().ShouldBe(1001);
        SyncConventions.ConvertValue("pixelAspect", "number", "{\"isdecimal\": true}", "1.5")!.GetValue<double>().ShouldBe(1.5);
        SyncConventions.ConvertValue("flag", "boolean", null, "1")!.GetValue<bool>().ShouldBeTrue();
        SyncConventions.ConvertValue("flag", "boolean", null, "0")!.GetValue<bool>().ShouldBeFalse();
        SyncConventions.ConvertValue("tools", "enumerator", "{\"multiSelect\": true}", "nuke, maya")!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["nuke", "maya"]);
        SyncConventions.ConvertValue("tool", "enumerator", "{\"multiSelect\": false}", "nuke")!.GetValue<string>().ShouldBe("nuke");
        SyncConventions.ConvertValue("fps", "text", null, "24000/1001")!.GetValue<double>().ShouldBe(23.976, 0.0005);
        SyncConventions.ConvertValue("x", "expression", null, "a+b").ShouldBeNull();
        SyncConventions.ConvertValue("x", "dynamic enumerator", null, "a").ShouldBeNull();
        SyncConventions.ConvertValue("x", "text", null, "").ShouldBeNull();
        SyncConventions.ConvertValue("d", "date", null, "2024-10-29T22:00:00")!.GetValue<string>().ShouldBe("2024-10-29T22:00:00+00:00");
    }

    [Fact]
    public void SameValue_IntAndDouble_Equal() => SyncConventions.SameValue(JsonValue.Create(25L), JsonValue.Create(25.0)).ShouldBeTrue();
}
