using AyonFtrack.Server.Attributes;

namespace AyonFtrack.Server.Tests.Attributes;

public sealed class FtrackAyonAttributesTests
{
    [Fact]
    public void FtrackId_Definition_MatchesOriginal()
    {
        var a = FtrackAyonAttributes.FtrackId;

        a.ShouldSatisfyAllConditions(
            () => a.Name.ShouldBe("ftrackId"),
            () => a.Title.ShouldBe("ftrack id"),
            () => a.Type.ShouldBe("string"),
            () => a.Inherit.ShouldBeFalse(),
            () => a.Scope.ShouldBe(["project", "folder", "task", "version", "list"]));
    }

    [Fact]
    public void FtrackPath_Definition_MatchesOriginal()
    {
        var a = FtrackAyonAttributes.FtrackPath;

        a.ShouldSatisfyAllConditions(
            () => a.Name.ShouldBe("ftrackPath"),
            () => a.Title.ShouldBe("ftrack path"),
            () => a.Type.ShouldBe("string"),
            () => a.Inherit.ShouldBeFalse(),
            () => a.Scope.ShouldBe(["project", "folder", "task"]));
    }

    [Fact]
    public void All_Always_HoldsBothInCreationOrder()
    {
        FtrackAyonAttributes.All.Select(a => a.Name).ShouldBe(["ftrackId", "ftrackPath"]);
    }

    [Theory]
    [InlineData("ftrackId", true)]
    [InlineData("ftrackPath", true)]
    [InlineData("ftrackid", false)]
    [InlineData("fps", false)]
    public void Find_ByName_IsExactAndCaseSensitive(string name, bool found)
    {
        (FtrackAyonAttributes.Find(name) is not null).ShouldBe(found);
    }

    [Fact]
    public void AppliesTo_ListOnFtrackPath_IsFalse()
    {
        FtrackAyonAttributes.FtrackId.AppliesTo("list").ShouldBeTrue();
        FtrackAyonAttributes.FtrackPath.AppliesTo("list").ShouldBeFalse();
    }

    [Fact]
    public void IsSatisfiedBy_WiderScopeSameType_IsTrue()
    {
        FtrackAyonAttributes.FtrackPath
            .IsSatisfiedBy("string", ["project", "folder", "task", "version"], existingInherit: false)
            .ShouldBeTrue();
    }

    [Theory]
    [InlineData("integer", false, "project,folder,task")]
    [InlineData("string", true, "project,folder,task")]
    [InlineData("string", false, "project,folder")]
    public void IsSatisfiedBy_DifferentTypeInheritOrNarrowerScope_IsFalse(string type, bool inherit, string scope)
    {
        FtrackAyonAttributes.FtrackPath.IsSatisfiedBy(type, scope.Split(','), inherit).ShouldBeFalse();
    }

    [Fact]
    public void Equals_SameValuesInNewLists_IsTrue()
    {
        var copy = FtrackAyonAttributes.FtrackId with { Scope = [.. FtrackAyonAttributes.FtrackId.Scope] };

        copy.ShouldBe(FtrackAyonAttributes.FtrackId);
        copy.GetHashCode().ShouldBe(FtrackAyonAttributes.FtrackId.GetHashCode());
    }
}
