using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Ftrack.MandatoryAttributes;

namespace AyonFtrack.Features.Tests.Ftrack;

public sealed class MandatoryAttributesTests
{
    private static readonly Named Admin = new("r-admin", "Administrator");
    private static readonly Named Api = new("r-api", "API");
    private static readonly Named User = new("r-user", "User");

    private static readonly IReadOnlyList<Named> Types =
        [new("t-text", "text"), new("t-bool", "boolean"), new("t-enum", "enumerator"), new("t-number", "number")];

    /// <summary>The defaults of the addon: open roles for ids, paths and list types; auto-sync and sync-failed for API and Administrator only.</summary>
    private static readonly CustomAttributesSettings Settings = new()
    {
        MandatoryAttributes = new MandatoryAttributesSettings
        {
            AyonSyncFailed = new CustomAttributeRoles { ReadSecurityRoles = ["API", "Administrator"], WriteSecurityRoles = ["API", "Administrator"] },
            AutoSyncEnabled = new CustomAttributeRoles { ReadSecurityRoles = ["api", "ADMINISTRATOR"], WriteSecurityRoles = ["API", "Producer"] },
        },
    };

    private static Current Empty(params Named[] groups) => new([], Types, groups, [Admin, Api, User]);

    private static Func<string> Ids()
    {
        var next = 0;
        return () => $"new-{++next}";
    }

    private static IReadOnlyList<string> RoleIds(Write write, string attribute) =>
        [.. ((IEnumerable<FtrackEntityRef>)write.Data[attribute]!).Select(r => r.Id)];

    /// <summary>The configurations ftrack holds after it applied the creates of <paramref name="plan"/>.</summary>
    private static List<Configuration> Stored(Plan plan) =>
        [.. plan.Writes.Select((w, i) => new Configuration(
            $"c{i}", (string)w.Data["key"]!, (string)w.Data["label"]!, (string)w.Data["type_id"]!, (string)w.Data["entity_type"]!,
            (bool)w.Data["is_hierarchical"]!, ((JsonNode?)w.Data["default"])?.DeepClone(), (string)w.Data["config"]!, (string)w.Data["group_id"]!, null,
            RoleIds(w, "read_security_roles"), RoleIds(w, "write_security_roles")))];

    [Fact]
    public void Decide_NothingInFtrack_CreatesTheGroupAndAllFiveWithTheSettingsRoles()
    {
        var plan = Decide(Empty(), Settings, Ids());

        plan.CreateGroup.ShouldBeTrue();
        plan.Group.ShouldBe(new Named("new-1", "ayon"));
        plan.Writes.Select(w => w.Key).ShouldBe(["ayon_id", "ayon_path", "ayon_list_type", "ayon_sync_failed", "auto_sync_enabled"]);
        plan.Writes.ShouldAllBe(w => w.IsCreate && w.Changed.Count == 0 && (string)w.Data["group_id"]! == "new-1");
        var ayonId = plan.Writes[0];
        ayonId.Data["label"].ShouldBe("AYON ID");
        ayonId.Data["type_id"].ShouldBe("t-text");
        ayonId.Data["is_hierarchical"].ShouldBe(true);
        ayonId.Data["entity_type"].ShouldBe("show");
        ayonId.Data["config"].ShouldBe("""{"markdown": false}""");
        ((JsonNode)ayonId.Data["default"]!).GetValue<string>().ShouldBe("");
        RoleIds(ayonId, "read_security_roles").ShouldBe(["r-admin", "r-api", "r-user"]);
        RoleIds(ayonId, "write_security_roles").ShouldBe(["r-admin", "r-api", "r-user"]);
        var listType = plan.Writes[2];
        listType.Data["entity_type"].ShouldBe("list");
        listType.Data["is_hierarchical"].ShouldBe(false);
        listType.Data["type_id"].ShouldBe("t-enum");
        var syncFailed = plan.Writes[3];
        syncFailed.Data["config"].ShouldBe("{}");
        ((JsonNode)syncFailed.Data["default"]!).GetValue<bool>().ShouldBeFalse();
        RoleIds(syncFailed, "read_security_roles").ShouldBe(["r-api", "r-admin"]);
        var autoSync = plan.Writes[4];
        autoSync.Data["entity_type"].ShouldBe("show");
        RoleIds(autoSync, "read_security_roles").ShouldBe(["r-api", "r-admin"]);
        RoleIds(autoSync, "write_security_roles").ShouldBe(["r-api"]);
        plan.UnknownRoles.ShouldBe(["Producer"]);
    }

    [Fact]
    public void Decide_EverythingAsWanted_WritesNothing()
    {
        var first = Decide(Empty(), Settings, Ids());
        var current = new Current(Stored(first), Types, [first.Group], [Admin, Api, User]);

        var plan = Decide(current, Settings, Ids());

        plan.CreateGroup.ShouldBeFalse();
        plan.Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_GroupNamedInAnotherCase_IsReused()
    {
        var plan = Decide(Empty(new Named("g-other", "openpype"), new Named("g-ayon", "AYON")), Settings, Ids());

        plan.CreateGroup.ShouldBeFalse();
        plan.Group.Id.ShouldBe("g-ayon");
        plan.Writes.ShouldAllBe(w => (string)w.Data["group_id"]! == "g-ayon");
    }

    [Fact]
    public void Decide_ExistingWithWrongLabelConfigAndRoles_UpdatesOnlyTheDifferingFields()
    {
        var first = Decide(Empty(), Settings, Ids());
        var stored = Stored(first);
        stored[0] = stored[0] with { Label = "ayon_id", Config = "{}", ReadRoleIds = ["r-api"], WriteRoleIds = ["r-user", "r-api", "r-admin"] };
        stored[4] = stored[4] with { TypeId = "t-text", Default = JsonValue.Create(true), GroupId = "g-old" };
        var current = new Current(stored, Types, [first.Group], [Admin, Api, User]);

        var plan = Decide(current, Settings, Ids());

        plan.Writes.Count.ShouldBe(2);
        var ayonId = plan.Writes[0];
        ayonId.Key.ShouldBe("ayon_id");
        ayonId.ConfigurationId.ShouldBe("c0");
        ayonId.Changed.ShouldBe(["label", "config", "read_security_roles"]);
        ayonId.Data.Keys.ShouldBe(["label", "config", "read_security_roles"], ignoreOrder: true);
        ayonId.Data["label"].ShouldBe("AYON ID");
        ayonId.Data["config"].ShouldBe("""{"markdown": false}""");
        RoleIds(ayonId, "read_security_roles").ShouldBe(["r-admin", "r-api", "r-user"]);
        var autoSync = plan.Writes[1];
        autoSync.Key.ShouldBe("auto_sync_enabled");
        autoSync.Changed.ShouldBe(["type", "default", "group"]);
        autoSync.Data["type_id"].ShouldBe("t-bool");
        autoSync.Data["group_id"].ShouldBe("new-1");
        ((JsonNode)autoSync.Data["default"]!).GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public void Decide_ConfigStoredWithOtherSpacing_IsNotAChange()
    {
        var first = Decide(Empty(), Settings, Ids());
        var stored = Stored(first);
        stored[0] = stored[0] with { Config = """{ "markdown":false }""" };

        var plan = Decide(new Current(stored, Types, [first.Group], [Admin, Api, User]), Settings, Ids());

        plan.Writes.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_KeyOnAnotherEntityTypeOrHierarchy_IsNotAMatch()
    {
        var first = Decide(Empty(), Settings, Ids());
        var stored = Stored(first);
        stored[0] = stored[0] with { IsHierarchical = false, EntityType = "show" };
        stored[4] = stored[4] with { EntityType = "task" };

        var plan = Decide(new Current(stored, Types, [first.Group], [Admin, Api, User]), Settings, Ids());

        plan.Writes.Select(w => (w.Key, w.IsCreate)).ShouldBe([("ayon_id", true), ("auto_sync_enabled", true)]);
    }

    [Fact]
    public void Match_GlobalAndProjectScoped_PrefersTheGlobalOne()
    {
        var scoped = new Configuration("p", "auto_sync_enabled", "x", "t-bool", "show", false, null, null, null, "project-1", [], []);
        var global = scoped with { Id = "g", ProjectId = null };

        MandatoryAttributes.Match([scoped, global], FtrackCustomAttributes.AutoSyncEnabled)!.Id.ShouldBe("g");
    }

    [Fact]
    public void Decide_TypeMissingInFtrack_ThrowsNamingTheAttribute()
    {
        var current = new Current([], [new Named("t-text", "text"), new Named("t-bool", "boolean")], [], [Admin]);

        var error = Should.Throw<MandatoryAttributeException>(() => Decide(current, Settings, Ids()));

        error.Key.ShouldBe("ayon_list_type");
        error.Message.ShouldContain("enumerator");
    }
}
