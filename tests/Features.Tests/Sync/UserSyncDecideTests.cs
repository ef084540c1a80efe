using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class UserSyncDecideTests
{
    [Theory]
    [InlineData(new[] { "Administrator", "Project Manager" }, true, false)]
    [InlineData(new[] { "Project Manager" }, false, true)]
    [InlineData(new[] { "User" }, false, false)]
    public void RoleOf_AllProjectRoles_AdminManagerOrArtist(string[] roles, bool admin, bool manager) =>
        UserSyncDecide.RoleOf(roles).ShouldBe((admin, manager));

    /// <summary>§7: the original wrote <c>isManger</c>, so the manager flag never took effect.</summary>
    [Fact]
    public void Plan_UnmappedProjectManager_CreatedWithIsManagerSpelledRight()
    {
        var writes = UserSyncDecide.Plan([new FtrackUserWithRoles("u1", "jdoe@x.test", "jdoe@x.test", "J Doe", true, ["Project Manager"])], []);

        var create = writes.ShouldHaveSingleItem();
        create.Create.ShouldBeTrue();
        create.Name.ShouldBe("jdoe");
        create.Data!["isManager"]!.GetValue<bool>().ShouldBeTrue();
        create.Data.ContainsKey("isManger").ShouldBeFalse();
        create.Data["ftrack"]!["id"]!.GetValue<string>().ShouldBe("u1");
    }

    [Fact]
    public void Plan_MappedUpToDate_NoWrite() =>
        UserSyncDecide.Plan(
                [new FtrackUserWithRoles("u1", "jdoe@x.test", "jdoe@x.test", "J Doe", true, [])],
                [new AyonUserInfo("jdoe", "jdoe@x.test", "J Doe", true, false, false, "u1")])
            .ShouldBeEmpty();

    [Fact]
    public void Plan_MappedByEmailWithoutFtrackId_PatchesOnlyTheDifference()
    {
        var write = UserSyncDecide.Plan(
                [new FtrackUserWithRoles("u1", "jdoe@x.test", "jdoe@x.test", "J Doe", true, [])],
                [new AyonUserInfo("john", "JDOE@x.test", "J Doe", true, false, false, null)])
            .ShouldHaveSingleItem();

        write.Create.ShouldBeFalse();
        write.Name.ShouldBe("john");
        write.Attrib.ShouldBeNull();
        write.Data!.Select(p => p.Key).ShouldBe(["ftrack"]);
    }
}
