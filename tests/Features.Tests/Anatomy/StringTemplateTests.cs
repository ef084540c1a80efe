using System.Text.Json.Nodes;
using AyonFtrack.Features.Anatomy;

namespace AyonFtrack.Features.Tests.Anatomy;

/// <summary>
/// AYON's template rules, over the template strings of ayon-backend's default anatomy
/// (<c>ayon_server/settings/anatomy/templates.py</c>) after their <c>{@version}</c>/<c>{@frame}</c> links are solved.
/// </summary>
public sealed class StringTemplateTests
{
    private const string WorkDirectory = "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/work/{task[name]}";
    private const string WorkFile = "{project[code]}_{folder[name]}_{task[name]}_v{version:0>3}<_{comment}>.{ext}";
    private const string PublishFile = "{project[code]}_{folder[name]}_{product[name]}_v{version:0>3}<_{output}><.{frame:0>4}><_{udim}>.{ext}";
    private const string HeroDirectory = "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{product[name]}/hero";

    private static JsonObject Data() => JsonNode.Parse("""
        {
          "root": {"work": "/mnt/share/projects"},
          "project": {"name": "demo_show", "code": "demo"},
          "hierarchy": "sq010",
          "folder": {"name": "sh010", "type": "Shot", "parents": ["sq010"]},
          "task": {"name": "comp", "type": "Compositing"},
          "product": {"name": "renderMain", "type": "render"},
          "version": 7,
          "ext": "exr"
        }
        """)!.AsObject();

    [Theory]
    [InlineData(WorkDirectory, "/mnt/share/projects/demo_show/sq010/sh010/work/comp")]
    [InlineData(WorkFile, "demo_sh010_comp_v007.exr")]
    [InlineData(PublishFile, "demo_sh010_renderMain_v007.exr")]
    [InlineData(HeroDirectory, "/mnt/share/projects/demo_show/sq010/sh010/publish/render/renderMain/hero")]
    [InlineData("{folder[parents][0]}/{folder[parents][-1]}", "sq010/sq010")]
    [InlineData("{{literal}}_{task[type]}", "{literal}_Compositing")]
    [InlineData("<>{ext}<plain>", "<>exr<plain>")]
    [InlineData("a<b{ext}", "a<bexr")]
    [InlineData("{ext}>x", "exr>x")]
    public void Format_DefaultAnatomyTemplate_FillsIt(string template, string expected)
    {
        var result = StringTemplate.Format(template, Data());

        result.ShouldSatisfyAllConditions(
            () => result.Output.ShouldBe(expected),
            () => result.Solved.ShouldBeTrue(),
            () => result.MissingKeys.ShouldBeEmpty());
    }

    [Theory]
    [InlineData("comment", "x", "demo_sh010_comp_v007_x.exr")]
    [InlineData("output", "beauty", "demo_sh010_comp_v007.exr")]
    public void Format_OptionalPart_AppearsOnlyWithItsKeys(string key, string value, string expected)
    {
        var data = Data();
        data[key] = value;

        StringTemplate.Format(WorkFile, data).Output.ShouldBe(expected);
    }

    [Fact]
    public void Format_PublishFileOfAFrame_FillsTheFrameAndOutput()
    {
        var data = Data();
        data["frame"] = 1001;
        data["output"] = "beauty";

        StringTemplate.Format(PublishFile, data).Output.ShouldBe("demo_sh010_renderMain_v007_beauty.1001.exr");
    }

    [Fact]
    public void Format_NestedOptionalWithAMissingKey_DropsOnlyThatPart()
    {
        var result = StringTemplate.Format("{ext}<_{output}<.{udim}>>", new JsonObject { ["ext"] = "exr", ["output"] = "o" });

        result.ShouldSatisfyAllConditions(
            () => result.Output.ShouldBe("exr_o"),
            () => result.Solved.ShouldBeTrue());
    }

    [Fact]
    public void Format_MissingTask_KeepsTheFieldAndCutsAtTheFirstBrace()
    {
        var data = Data();
        data.Remove("task");

        var result = StringTemplate.Format(WorkDirectory, data);

        result.ShouldSatisfyAllConditions(
            () => result.Solved.ShouldBeFalse(),
            () => result.Output.ShouldBe("/mnt/share/projects/demo_show/sq010/sh010/work/{task[name]}"),
            () => result.MissingKeys.ShouldBe(["task"]),
            () => result.SolvedPrefix.ShouldBe("/mnt/share/projects/demo_show/sq010/sh010/work/"));
    }

    [Fact]
    public void Format_MissingSubKey_NamesThePathToIt()
    {
        var data = Data();
        data["task"] = new JsonObject { ["type"] = "Compositing" };

        StringTemplate.Format(WorkDirectory, data).MissingKeys.ShouldBe(["task[name]"]);
    }

    [Fact]
    public void Format_ObjectWhereTextIsExpected_IsAnInvalidType()
    {
        var result = StringTemplate.Format("{folder}/{task[name]}", Data());

        result.ShouldSatisfyAllConditions(
            () => result.Solved.ShouldBeFalse(),
            () => result.InvalidTypes.Keys.ShouldBe(["folder"]),
            () => result.Output.ShouldBe("{folder}/comp"));
    }

    [Fact]
    public void FormatStrict_Unsolved_ThrowsNamingTheKeys()
    {
        var ex = Should.Throw<TemplateUnsolvedException>(() => new StringTemplate("{root[work]}/{shot}").FormatStrict(Data()));

        ex.Message.ShouldBe("Template \"{root[work]}/{shot}\" is unsolved. Missing keys: \"shot\".");
    }

    [Theory]
    [InlineData("{v:0>3}", 7, "007")]
    [InlineData("{v:03}", 7, "007")]
    [InlineData("{v:03d}", -7, "-07")]
    [InlineData("{v:>5}", 42, "   42")]
    [InlineData("{v:<5}|", 42, "42   |")]
    [InlineData("{v:^6}", 42, "  42  ")]
    [InlineData("{v:+d}", 3, "+3")]
    [InlineData("{v:x}", 255, "ff")]
    [InlineData("{v:#X}", 255, "0XFF")]
    [InlineData("{v:,}", 1234567, "1,234,567")]
    [InlineData("{v}", 1001, "1001")]
    public void Format_IntegerSpecification_IsPythons(string template, long value, string expected) =>
        StringTemplate.Format(template, new JsonObject { ["v"] = value }).Output.ShouldBe(expected);

    [Theory]
    [InlineData("{v}", "25.0")]
    [InlineData("{v:.2f}", "25.00")]
    [InlineData("{v:08.3f}", "0025.000")]
    public void Format_FloatSpecification_IsPythons(string template, string expected) =>
        StringTemplate.Format(template, JsonNode.Parse("""{"v": 25.0}""")!.AsObject()).Output.ShouldBe(expected);

    [Theory]
    [InlineData("{v:0>6}", "sh10", "00sh10")]
    [InlineData("{v:.2}", "sh10", "sh")]
    [InlineData("{v!r}", "a", "'a'")]
    public void Format_StringSpecification_IsPythons(string template, string value, string expected) =>
        StringTemplate.Format(template, new JsonObject { ["v"] = value }).Output.ShouldBe(expected);

    [Fact]
    public void Format_BooleanValue_IsPythonsText() =>
        StringTemplate.Format("{v}", new JsonObject { ["v"] = true }).Output.ShouldBe("True");

    [Theory]
    [InlineData("{v:d}")]
    [InlineData("{v:=5}")]
    public void Format_SpecificationTheTextCannotTake_Throws(string template) =>
        Should.Throw<TemplateFormatException>(() => StringTemplate.Format(template, new JsonObject { ["v"] = "text" }));

    [Theory]
    [InlineData("a}b")]
    [InlineData("a{b")]
    [InlineData("{}")]
    public void Constructor_BadBraces_ThrowsAsPythonDoes(string template) =>
        Should.Throw<TemplateFormatException>(() => new StringTemplate(template));

    [Fact]
    public void Format_NullValue_IsAnInvalidType() =>
        StringTemplate.Format("{v}", new JsonObject { ["v"] = null }).InvalidTypes.Keys.ShouldBe(["v"]);
}
