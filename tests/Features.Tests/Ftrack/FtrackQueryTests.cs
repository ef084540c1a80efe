using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Tests.Ftrack;

public sealed class FtrackQueryTests
{
    [Fact]
    public void ToExpression_SelectWhereOrder_RendersFtrackSyntax()
    {
        var query = FtrackQuery.From("TypedContext")
            .Select("id", "name", "status.state.short")
            .Where(FtrackFilter.Is("project_id", "p-1").And(FtrackFilter.In("id", ["a", "b"])))
            .OrderBy("name", descending: true);

        query.ToExpression().ShouldBe(
            "select id, name, status.state.short from TypedContext where (project_id is \"p-1\") and (id in (\"a\", \"b\")) order by name descending");
        query.ToExpression(500, 500).ShouldEndWith(" offset 500 limit 500");
    }

    [Fact]
    public void ToExpression_NoProjection_RendersBareType()
    {
        FtrackQuery.From("Task").ToExpression().ShouldBe("Task");
    }

    [Theory]
    [InlineData("sh\"010", "\"sh\\\"010\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("trailing\\", "\"trailing\\\\\"")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("", "\"\"")]
    [InlineData("ünïcødé", "\"ünïcødé\"")]
    public void Literal_String_IsQuotedWithBackslashEscapes(string value, string expected)
    {
        FtrackFilter.Literal(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("x\" or name like \"%")]
    [InlineData("\") or (id is_not none")]
    [InlineData("a\\\" or true or \\\"b")]
    [InlineData("x\"; delete from Task; \"")]
    public void Render_InjectionAttempt_StaysOneQuotedLiteral(string hostile)
    {
        var rendered = FtrackFilter.Is("name", hostile).Render();

        rendered.ShouldStartWith("name is \"");
        Unquote(rendered["name is ".Length..]).ShouldBe(hostile);
    }

    [Fact]
    public void Literal_NonStrings_RenderInvariant()
    {
        FtrackFilter.Literal(1001).ShouldBe("1001");
        FtrackFilter.Literal(1.5).ShouldBe("1.5");
        FtrackFilter.Literal(true).ShouldBe("true");
        FtrackFilter.Literal(null).ShouldBe("none");
        FtrackFilter.Literal(new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2))).ShouldBe("\"2024-01-02T03:04:05\"");
        FtrackFilter.Literal(FtrackEntityRef.Of("Task", "t-1")).ShouldBe("\"t-1\"");
    }

    [Fact]
    public void Literal_UnsupportedType_Throws()
    {
        Should.Throw<ArgumentException>(() => FtrackFilter.Literal(new object()));
        Should.Throw<ArgumentException>(() => FtrackFilter.Literal(double.NaN));
    }

    [Theory]
    [InlineData("name or 1")]
    [InlineData("name\"")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("1abc")]
    public void Select_InvalidPath_Throws(string path)
    {
        Should.Throw<ArgumentException>(() => FtrackQuery.From("Task").Select(path));
        Should.Throw<ArgumentException>(() => FtrackFilter.Is(path, "x"));
    }

    [Theory]
    [InlineData("Task where id is 1")]
    [InlineData("Task.Shot")]
    [InlineData("")]
    public void From_InvalidTypeName_Throws(string type)
    {
        Should.Throw<ArgumentException>(() => FtrackQuery.From(type));
    }

    [Fact]
    public void Render_Combinations_AreParenthesised()
    {
        var filter = FtrackFilter.OneOf(FtrackFilter.Is("a", 1), FtrackFilter.All(FtrackFilter.Is("b", 2), FtrackFilter.Is("c", 3)).Not());

        filter.Render().ShouldBe("(a is 1) or (not ((b is 2) and (c is 3)))");
    }

    [Fact]
    public void Render_RelationsAndMembership_UseFtrackOperators()
    {
        FtrackFilter.Has("parent", FtrackFilter.Is("name", "sh010")).Render().ShouldBe("parent has (name is \"sh010\")");
        FtrackFilter.Any("custom_attributes", FtrackFilter.Is("key", "fstart").And(FtrackFilter.Is("value", 1001))).Render()
            .ShouldBe("custom_attributes any ((key is \"fstart\") and (value is 1001))");
        FtrackFilter.Any("children").Render().ShouldBe("children any ()");
        FtrackFilter.NotIn("id", new[] { "x" }).Render().ShouldBe("id not_in (\"x\")");
        FtrackFilter.In("id", Array.Empty<string>()).Render().ShouldBe("id in ()");
        FtrackFilter.IsNot("task_id", null).Render().ShouldBe("task_id is_not none");
        FtrackFilter.Like("email", "%@studio.com").Render().ShouldBe("email like \"%@studio.com\"");
        FtrackFilter.AtLeast("version", 2).Render().ShouldBe("version >= 2");
    }

    [Fact]
    public void Where_Twice_CombinesWithAnd()
    {
        var query = FtrackQuery.From("Task").Where(FtrackFilter.Is("a", 1)).Where(FtrackFilter.Is("b", 2));

        query.ToExpression().ShouldBe("Task where (a is 1) and (b is 2)");
    }

    /// <summary>Reads one double-quoted literal the way ftrack's tokeniser does (backslash escapes the next character).</summary>
    private static string Unquote(string text)
    {
        text[0].ShouldBe('"');
        var value = new System.Text.StringBuilder();
        var i = 1;
        while (text[i] != '"')
        {
            if (text[i] == '\\')
            {
                i++;
            }

            value.Append(text[i]);
            i++;
        }

        (i + 1).ShouldBe(text.Length, "the literal must end where the rendered text ends");
        return value.ToString();
    }
}
