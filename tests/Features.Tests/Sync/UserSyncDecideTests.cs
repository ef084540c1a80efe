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

    /// <summary>P-11: roles are not recomputed on update, except when an admin or manager becomes an artist.</summary>
    [Fact]
    public void Plan_AdminDowngradedToArtist_NeedsArtistAccessOthersNot()
    {
        var writes = UserSyncDecide.Plan(
            [
                new FtrackUserWithRoles("u1", "ann@x.test", "ann@x.test", "Ann", true, []),
                new FtrackUserWithRoles("u2", "max@x.test", "max@x.test", "Max", true, ["Project Manager"]),
                new FtrackUserWithRoles("u3", "new@x.test", "new@x.test", "New", true, []),
            ],
            [
                new AyonUserInfo("ann", "ann@x.test", "Ann", true, true, false, "u1"),
                new AyonUserInfo("max", "max@x.test", "Max", true, true, false, "u2"),
            ]);

        writes.Select(w => (w.Name, w.NeedsArtistAccess, w.FtrackId)).ShouldBe([("ann", true, "u1"), ("max", false, "u2"), ("new", true, "u3")]);
        writes[0].Data!["isAdmin"]!.GetValue<bool>().ShouldBeFalse();
    }
}
