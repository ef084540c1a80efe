using AyonFtrack.Features.Publish;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class TextTemplateTests
{
    [Fact]
    public void Format_KeysAndHtml_KeepsTagsAndFills()
    {
        var result = TextTemplate.Format("{comment}<br/>{published_paths}", new Dictionary<string, string?> { ["comment"] = "c", ["published_paths"] = "p" });
        result.ShouldSatisfyAllConditions(() => result.Text.ShouldBe("c<br/>p"), () => result.Solved.ShouldBeTrue());
    }

    [Fact]
    public void Format_OptionalPartWithMissingKey_IsDropped() =>
        TextTemplate.Format("{comment}< ({intent})>", new Dictionary<string, string?> { ["comment"] = "c" }).Text.ShouldBe("c");

    [Fact]
    public void Format_RequiredKeyMissing_IsNotSolved() =>
        TextTemplate.Format("{comment} {intent}", new Dictionary<string, string?> { ["comment"] = "c" }).MissingKeys.ShouldBe(["intent"]);
}
