using System.Text.Json.Nodes;
using AyonFtrack.Features.Publish;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class ValidateAttributesTests
{
    [Theory]
    [InlineData("is", 25, 25, true)]
    [InlineData("is", 25, 24, false)]
    [InlineData("less_than", 24, 25, true)]
    [InlineData("less_than", 26, 25, false)]
    [InlineData("greater_than", 26, 25, true)]
    [InlineData("is_not", 25, 25, false)]
    public void Decide_NumberOperators_MeanWhatTheySay(string op, double actual, double expected, bool ok) =>
        (ValidateAttributes.Decide("fps", op, JsonValue.Create(actual), JsonValue.Create(expected)) is null).ShouldBe(ok);

    [Theory]
    [InlineData("contains", "sh010_comp", "comp", true)]
    [InlineData("not_contains", "sh010_comp", "comp", false)]
    [InlineData("starts_with", "sh010", "sh", true)]
    [InlineData("ends_with", "sh010", "sh", false)]
    public void Decide_TextOperators_MeanWhatTheySay(string op, string actual, string expected, bool ok) =>
        (ValidateAttributes.Decide("name", op, JsonValue.Create(actual), JsonValue.Create(expected)) is null).ShouldBe(ok);
}
