using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack.EventHub.Expressions;

namespace AyonFtrack.Features.Tests.Ftrack.EventHub;

public sealed class FtrackExpressionTests
{
    private const string Event = """
        {
          "id": "ev-1",
          "topic": "ftrack.action.launch",
          "data": {"actionIdentifier": "ayon.sync.project", "count": 12, "flag": true, "nothing": null, "name": "two words"},
          "source": {"id": "hub-1", "applicationId": "ftrack.client.web", "user": {"username": "jane", "id": "2a8ae090-cbd3"}},
          "target": ""
        }
        """;

    public static TheoryData<string, bool> Cases => new()
    {
        { "topic=ftrack.action.launch", true },
        { "topic=ftrack.update", false },
        { "topic=*", true },
        { "topic=ftrack.*", true },
        { "topic=ftrack.action.*", true },
        { "topic=action.*", false },
        { "topic!=ftrack.update", true },
        { "topic!=ftrack.*", false },
        { "data.actionIdentifier=ayon.sync.*", true },
        { "data.actionIdentifier=\"ayon.sync.project\"", true },
        { "data.actionIdentifier='ayon.sync.project'", true },
        { "data.name=\"two words\"", true },
        { "source.user.username=jane", true },
        { "source.user.id=\"2a8ae090-cbd3\"", true },
        { "data.missing=x", false },
        { "data.missing!=x", false },
        { "data.actionIdentifier.deeper=x", false },
        { "data.nothing=None", false },
        { "data.count=12", true },
        { "data.count>9", true },
        { "data.count<9", false },
        { "data.count>=12", true },
        { "data.count<=11", false },
        { "data.flag=true", true },
        { "source.user.username>j", true },
        { "source.user.username<j", false },
        { "topic=ftrack.action.launch and source.user.username=jane", true },
        { "topic=ftrack.action.launch AND source.user.username=bob", false },
        { "topic=ftrack.update or source.user.username=jane", true },
        { "topic=ftrack.update Or source.user.username=bob", false },
        { "not topic=ftrack.update", true },
        { "NOT topic=ftrack.action.launch", false },
        { "not data.missing=x", true },
        // and binds tighter than or: false and false or true == true; grouping changes it.
        { "topic=a and topic=b or topic=ftrack.action.launch", true },
        { "topic=a and (topic=b or topic=ftrack.action.launch)", false },
        { "topic=ftrack.action.launch or topic=a and topic=b", true },
        { "(topic=ftrack.action.launch or topic=a) and topic=b", false },
        { "not (topic=a or topic=b)", true },
        { "not topic=a and topic=b", false },
        { "((topic=ftrack.action.launch))", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Event_ReturnsExpected(string expression, bool expected)
    {
        using var document = JsonDocument.Parse(Event);
        var parsed = FtrackExpression.Parse(expression);

        parsed.Matches(document.RootElement).ShouldBe(expected);
        parsed.Matches(JsonNode.Parse(Event)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("id=hub-1", true)]
    [InlineData("id=hub-2", false)]
    [InlineData("applicationId=ftrack.client.web and user.id=\"u-7\"", true)]
    [InlineData("applicationId=ftrack.client.web and user.id=\"u-8\"", false)]
    public void Matches_SubscriberMetadataAsTarget_ReturnsExpected(string target, bool expected)
    {
        var metadata = new JsonObject { ["id"] = "hub-1", ["applicationId"] = "ftrack.client.web", ["user"] = new JsonObject { ["id"] = "u-7" } };

        FtrackExpression.Parse(target).Matches(metadata).ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("topic", "expected an operator")]
    [InlineData("topic=", "expected a value")]
    [InlineData("=x", "expected a field name")]
    [InlineData("topic=a and", "expected a condition")]
    [InlineData("topic=a or or topic=b", "expected an operator after 'or'")]
    [InlineData("(topic=a", "missing ')'")]
    [InlineData("topic=a)", "unexpected ')'")]
    [InlineData("topic=\"open", "unterminated")]
    [InlineData("topic==a", "'==' is not an operator")]
    [InlineData("topic!a", "'!' is not an operator")]
    [InlineData("topic=a topic=b", "unexpected 'topic'")]
    [InlineData("data..x=1", "not a field name")]
    [InlineData("top-ic=1", "not a field name")]
    public void Parse_InvalidExpression_ThrowsNamingExpression(string expression, string reason)
    {
        var error = Should.Throw<FtrackExpressionException>(() => FtrackExpression.Parse(expression));

        error.ShouldSatisfyAllConditions(
            () => error.Message.ShouldContain($"\"{expression}\""),
            () => error.Message.ShouldContain(reason),
            () => error.Expression.ShouldBe(expression));
    }

    [Fact]
    public void TryParse_InvalidExpression_ReturnsFalseWithMessage()
    {
        FtrackExpression.TryParse("topic=(", out var expression, out var error).ShouldBeFalse();

        expression.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("topic=(");
    }

    [Theory]
    [InlineData("abc-123", "abc-123")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("", "\"\"")]
    public void QuoteValue_Value_RoundTripsThroughParse(string value, string expected)
    {
        var quoted = FtrackExpression.QuoteValue(value);

        quoted.ShouldBe(expected);
        FtrackExpression.Parse($"id={quoted}").Matches(new JsonObject { ["id"] = value }).ShouldBeTrue();
    }
}
