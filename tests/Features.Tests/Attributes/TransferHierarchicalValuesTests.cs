using System.Text.Json.Nodes;
using AyonFtrack.Features.Attributes;
using AyonFtrack.Features.Ftrack.Actions;
using Kind = AyonFtrack.Features.Attributes.TransferHierarchicalValues.ValueKind;

namespace AyonFtrack.Features.Tests.Attributes;

public sealed class TransferHierarchicalValuesTests
{
    private static readonly Kind Int = Kind.Of("number", "{\"isdecimal\": false}");
    private static readonly Kind Float = Kind.Of("number", "{\"isdecimal\": true}");
    private static readonly Kind Text = Kind.Of("text", "{\"markdown\": false}");
    private static readonly Kind Boolean = Kind.Of("boolean", null);

    [Fact]
    public void CanConvert_TextToNumber_Refused()
    {
        // The original took the source type from the destination configuration, so text → number passed as number → number.
        TransferHierarchicalValues.CanConvert(Text, Int).ShouldBeFalse();
        TransferHierarchicalValues.CanConvert(Boolean, Float).ShouldBeFalse();
    }

    [Fact]
    public void CanConvert_SameNonNumberType_AllowedAndCopiedAsIs()
    {
        // The original crashed on two attributes of the same non-number type (its value map was never built).
        TransferHierarchicalValues.CanConvert(Boolean, Boolean).ShouldBeTrue();
        TransferHierarchicalValues.Convert(JsonValue.Create(true), Boolean, Boolean)!.ToJsonString().ShouldBe("true");
        TransferHierarchicalValues.Convert(JsonValue.Create("a"), Text, Text)!.ToJsonString().ShouldBe("\"a\"");
    }

    [Theory]
    [InlineData("number", "number", true)]
    [InlineData("number", "text", true)]
    [InlineData("boolean", "text", true)]
    [InlineData("date", "number", false)]
    [InlineData("enumerator", "boolean", false)]
    public void CanConvert_TypePairs_NumbersAndAnythingToText(string source, string destination, bool expected) =>
        TransferHierarchicalValues.CanConvert(Kind.Of(source, null), Kind.Of(destination, null)).ShouldBe(expected);

    [Fact]
    public void Convert_Numbers_TruncatedToWholeOrKeptDecimal()
    {
        TransferHierarchicalValues.Convert(JsonValue.Create(24.976), Float, Int)!.ToJsonString().ShouldBe("24");
        AttributeValues.Number(TransferHierarchicalValues.Convert(JsonValue.Create(25), Int, Float)!).ShouldBe(25);
    }

    [Fact]
    public void Convert_ToText_InvariantNumbersAndPythonBooleans()
    {
        TransferHierarchicalValues.Convert(JsonValue.Create(1001), Int, Text)!.GetValue<string>().ShouldBe("1001");
        TransferHierarchicalValues.Convert(JsonValue.Create(23.976), Float, Text)!.GetValue<string>().ShouldBe("23.976");
        TransferHierarchicalValues.Convert(JsonValue.Create(true), Boolean, Text)!.GetValue<string>().ShouldBe("True");
        TransferHierarchicalValues.Convert(new JsonArray("a", "b"), Kind.Of("enumerator", null), Text)!.GetValue<string>().ShouldBe("a, b");
    }

    [Fact]
    public void Form_Attributes_SortedByKeyWithCheckboxAndWarning()
    {
        var form = TransferHierarchicalValues.Form([("3", "fps"), ("1", "frameStart"), ("2", "clipIn")]).ShouldBeOfType<ActionResult.FormResult>();

        var source = form.Items.Single(i => (string?)i["name"] == "src_attr_id");
        source["data"]!.AsArray().Select(d => d!["label"]!.GetValue<string>()).ShouldBe(["clipIn", "fps", "frameStart"]);
        form.Items.Single(i => (string?)i["name"] == "dst_attr_id")["data"]!.AsArray().Count.ShouldBe(3);
        form.Items.Single(i => (string?)i["name"] == "delete_dst_attr_first")["value"]!.GetValue<bool>().ShouldBeFalse();
        Labels(form).ShouldContain(l => l.Contains("all projects"));
        Labels(form).ShouldNotContain(l => l.Contains("Note:"));
        form.Title.ShouldBe(TransferHierarchicalValues.Title);
    }

    [Fact]
    public void Form_SameAttributeTwice_ShowsTheNoteAndKeepsTheChoices()
    {
        var previous = new JsonObject { ["src_attr_id"] = "1", ["dst_attr_id"] = "1", ["delete_dst_attr_first"] = true };

        var form = TransferHierarchicalValues.Form([("1", "a"), ("2", "b")], previous).ShouldBeOfType<ActionResult.FormResult>();

        Labels(form).ShouldContain(l => l.Contains("Please select 2 different custom attributes"));
        form.Items.Single(i => (string?)i["name"] == "src_attr_id")["value"]!.GetValue<string>().ShouldBe("1");
        form.Items.Single(i => (string?)i["name"] == "delete_dst_attr_first")["value"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void Form_FewerThanTwoAttributes_OnlyALabel()
    {
        var form = TransferHierarchicalValues.Form([("1", "a")]).ShouldBeOfType<ActionResult.FormResult>();

        form.Items.ShouldHaveSingleItem()["type"]!.GetValue<string>().ShouldBe("label");
    }

    private static IEnumerable<string> Labels(ActionResult.FormResult form) =>
        form.Items.Where(i => (string?)i["type"] == "label").Select(i => i["value"]!.GetValue<string>());

    [Fact]
    public void ValueKind_BadConfig_WholeNumber() => Kind.Of("number", "not json").IsDecimal.ShouldBeFalse();
}
