using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class UsersSyncFromFtrackTests
{
    [Fact]
    public void From_RoleProjectAddedAndRemoved_OneChangePerUserAndProjectLastWins()
    {
        var e = Update(
            RoleItem("add", "u1", "p1", old: null, now: "p1"),
            RoleItem("remove", "u2", "p1", old: "p1", now: null),
            RoleItem("add", "u2", "p1", old: null, now: "p1"),
            new JsonObject { ["action"] = "update", ["entityId"] = "t1", ["entityType"] = "task", ["changes"] = new JsonObject(), ["parents"] = new JsonArray() });

        var command = UsersSyncFromFtrack.From(e)!;

        command.Changes.ShouldBe([new UsersSyncFromFtrack.RoleChange("u1", "p1", false), new UsersSyncFromFtrack.RoleChange("u2", "p1", false)]);
    }

    [Fact]
    public void From_RemovedRole_RemovedWithTheOldProject()
    {
        UsersSyncFromFtrack.From(Update(RoleItem("remove", "u1", "p1", old: "p1", now: null)))!.Changes
            .ShouldBe([new UsersSyncFromFtrack.RoleChange("u1", "p1", true)]);
    }

    [Fact]
    public void From_NoUserInParentsOrNoProjectChangeOrOtherTopic_Null()
    {
        var noUser = RoleItem("add", "u1", "p1", null, "p1");
        noUser["parents"] = new JsonArray(new JsonObject { ["entityId"] = "r1", ["entityType"] = "userroleproject" });
        var noProject = RoleItem("add", "u1", "p1", null, "p1");
        noProject["changes"] = new JsonObject { ["user_role_id"] = new JsonObject { ["old"] = null, ["new"] = "x" } };

        UsersSyncFromFtrack.From(Update(noUser)).ShouldBeNull();
        UsersSyncFromFtrack.From(Update(noProject)).ShouldBeNull();
        UsersSyncFromFtrack.From(FtrackEvent.Create("e", "ftrack.action.launch", new JsonObject { ["entities"] = new JsonArray(RoleItem("add", "u1", "p1", null, "p1")) })).ShouldBeNull();
    }

    [Fact]
    public void Decide_AddedProjectWithoutGroups_TakesTheDefaultsAndKeepsOtherProjects()
    {
        var groups = UsersSyncFromFtrack.Decide(new JsonObject { ["other"] = new JsonArray("viewer") }, ["artist", "viewer"], new Dictionary<string, bool> { ["show"] = false })!;

        groups.ToJsonString().ShouldBe("""{"other":["viewer"],"show":["artist","viewer"]}""");
    }

    [Fact]
    public void Decide_AddedProjectThatHasGroupsOrNoDefaults_Unchanged()
    {
        UsersSyncFromFtrack.Decide(new JsonObject { ["show"] = new JsonArray("supervisor") }, ["artist"], new Dictionary<string, bool> { ["show"] = false }).ShouldBeNull();
        UsersSyncFromFtrack.Decide(null, [], new Dictionary<string, bool> { ["show"] = false }).ShouldBeNull();
    }

    [Fact]
    public void Decide_RemovedProject_EmptiedOnlyWhenItHasGroups()
    {
        UsersSyncFromFtrack.Decide(new JsonObject { ["show"] = new JsonArray("artist") }, ["artist"], new Dictionary<string, bool> { ["show"] = true })!
            .ToJsonString().ShouldBe("""{"show":[]}""");
        UsersSyncFromFtrack.Decide(new JsonObject { ["other"] = new JsonArray("artist") }, ["artist"], new Dictionary<string, bool> { ["show"] = true }).ShouldBeNull();
        UsersSyncFromFtrack.Decide(null, ["artist"], new Dictionary<string, bool> { ["show"] = true }).ShouldBeNull();
    }

    private static FtrackEvent Update(params JsonObject[] items) =>
        FtrackEvent.Create("e1", "ftrack.update", new JsonObject { ["entities"] = new JsonArray([.. items]) });

    private static JsonObject RoleItem(string action, string user, string project, string? old, string? now) => new()
    {
        ["action"] = action,
        ["entityId"] = $"{user}-{project}-role",
        ["entityType"] = "userroleproject",
        ["entity_type"] = "UserSecurityRoleProject",
        ["changes"] = new JsonObject
        {
            ["project_id"] = new JsonObject { ["old"] = old, ["new"] = now },
            ["user_role_id"] = new JsonObject { ["old"] = null, ["new"] = "role" },
        },
        ["parents"] = new JsonArray(
            new JsonObject { ["entityId"] = $"{user}-{project}-role", ["entityType"] = "userroleproject" },
            new JsonObject { ["entityId"] = "role", ["entityType"] = "auth_userrole" },
            new JsonObject { ["entityId"] = user, ["entityType"] = "user" }),
    };
}
