using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Server.Settings;
using static AyonFtrack.Features.Desktop.CreateUpdateAttributes;
using Configuration = AyonFtrack.Features.Ftrack.MandatoryAttributes.Configuration;
using Current = AyonFtrack.Features.Ftrack.MandatoryAttributes.Current;
using Named = AyonFtrack.Features.Ftrack.MandatoryAttributes.Named;
using Write = AyonFtrack.Features.Ftrack.MandatoryAttributes.Write;

namespace AyonFtrack.Features.Tests.Desktop;

public sealed class CreateUpdateAttributesTests
{
    private static readonly Named Admin = new("r-admin", "Administrator");
    private static readonly Named Api = new("r-api", "API");
    private static readonly Named User = new("r-user", "User");

    private static readonly IReadOnlyList<Named> Types =
        [new("t-text", "text"), new("t-bool", "boolean"), new("t-date", "date"), new("t-enum", "enumerator"), new("t-dyn", "dynamic enumerator"), new("t-number", "number")];

    private static readonly Wanted Fps = new("fps", "FPS", "number", """{"isdecimal": true, "precision": 6}""", "the defaults file");
    private static readonly Wanted ClipIn = new("clipIn", "Clip in", "number", """{"isdecimal": false}""", "the defaults file");

    private static Current Ftrack(params Configuration[] configurations) => new(configurations, Types, [], [Admin, Api, User]);

    private static Configuration Hier(string id, string key, string typeId, string label, string? config, IReadOnlyList<string>? roles = null) =>
        new(id, key, label, typeId, "show", true, null, config, null, null, roles ?? ["r-admin", "r-api", "r-user"], roles ?? ["r-admin", "r-api", "r-user"]);

    private static AttributeModel Ayon(string name, string type, string? title = null, string? extraJson = null) =>
        new(name, 0, false, ["folder"], new AttributeData
        {
            Type = type,
            Title = title,
            Extra = extraJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(extraJson),
        });

    private static AttributesMappingSettings Mapping(params AttributeMappingItem[] items) => new() { Enabled = true, Mapping = items };

    private static AttributeMappingItem Hierarchical(string name, string key) => new() { Name = name, AttrType = "hierarchical", Hierarchical = key };

    private static IReadOnlyList<string> RoleIds(Write write, string field) => [.. ((IEnumerable<FtrackEntityRef>)write.Data[field]!).Select(r => r.Id)];

    [Fact]
    public void Defaults_EmbeddedFile_AreTheOriginalsTenHierarchicalNumbersWithTheirConfigs()
    {
        var defaults = Defaults();

        defaults.Select(d => d.Key).ShouldBe(["fps", "clipIn", "clipOut", "frameStart", "frameEnd", "resolutionWidth", "resolutionHeight", "pixelAspect", "handleStart", "handleEnd"]);
        defaults.ShouldSatisfyAllConditions(
            () => defaults.ShouldAllBe(d => d.Type == "number" && d.Source == "the defaults file"),
            () => defaults[0].ShouldBe(Fps),
            () => defaults[1].Config.ShouldBe("""{"isdecimal": false}"""),
            () => defaults[7].ShouldBe(new Wanted("pixelAspect", "Pixel aspect", "number", """{"isdecimal": true}""", "the defaults file")),
            () => defaults[8].Label.ShouldBe("Frame handles start"));
    }

    [Theory]
    [InlineData("""{"show": {"x": {"label": "X", "type": "text"}}}""", "section 'show' is not supported")]
    [InlineData("""{"is_hierarchical": {"x": {"label": "X", "type": "text", "default": "a"}}}""", "'x' has 'default'")]
    [InlineData("""{"is_hierarchical": {"x": {"label": "X", "type": "color"}}}""", "type 'color' is not one of")]
    [InlineData("""{"is_hierarchical": {"x": {"type": "text"}}}""", "'x' has no label")]
    public void Defaults_UnsupportedContent_ThrowsNamingIt(string json, string expected) =>
        Should.Throw<FormatException>(() => Defaults(JsonNode.Parse(json))).Message.ShouldContain(expected);

    [Fact]
    public void ConfigFor_Enumerator_WritesMenuValueDataAsTheOriginal()
    {
        var (config, problem) = ConfigFor("enumerator", new JsonObject { ["multiselect"] = true, ["data"] = new JsonArray(new JsonObject { ["wip"] = "Work in progress" }, new JsonObject { ["final"] = "Final" }) });

        problem.ShouldBeNull();
        config.ShouldBe("""{"multiSelect": true, "data": "[{\"menu\": \"Work in progress\", \"value\": \"wip\"}, {\"menu\": \"Final\", \"value\": \"final\"}]"}""");
        ConfigFor("enumerator", new JsonObject()).Problem.ShouldBe("an enumerator needs its items (config.data)");
        ConfigFor("enumerator", new JsonObject { ["multiSelect"] = "yes", ["data"] = new JsonArray() }).Problem.ShouldBe("multiSelect must be a boolean");
        ConfigFor("text", null).Config.ShouldBe("""{"markdown": false}""");
        ConfigFor("boolean", null).Config.ShouldBe("{}");
    }

    [Theory]
    [InlineData("integer", "number", """{"isdecimal": false}""")]
    [InlineData("float", "number", """{"isdecimal": true}""")]
    [InlineData("string", "text", """{"markdown": false}""")]
    [InlineData("boolean", "boolean", "{}")]
    [InlineData("datetime", "date", "{}")]
    public void FtrackTypeOf_ScalarAyonTypes_HaveTheirFtrackType(string ayonType, string type, string config) =>
        FtrackTypeOf(Ayon("a", ayonType)).ShouldBe((type, config, null));

    [Fact]
    public void FtrackTypeOf_ListOfStringsWithEnum_IsAMultiSelectEnumerator() =>
        FtrackTypeOf(Ayon("tags", "list_of_strings", extraJson: """{"enum": [{"value": "a", "label": "A"}, "b"]}"""))
            .ShouldBe(("enumerator", """{"multiSelect": true, "data": "[{\"menu\": \"A\", \"value\": \"a\"}, {\"menu\": \"b\", \"value\": \"b\"}]"}""", null));

    [Theory]
    [InlineData("list_of_integers", "is of type 'list_of_integers', which no ftrack custom attribute type holds")]
    [InlineData("dict", "is of type 'dict', which no ftrack custom attribute type holds")]
    [InlineData("list_of_strings", "is a list of strings without enum items")]
    public void FtrackTypeOf_TypesFtrackLacks_AreAReadableProblem(string ayonType, string expected)
    {
        var (type, _, problem) = FtrackTypeOf(Ayon("reviewers", ayonType));

        type.ShouldBeNull();
        problem.ShouldStartWith("AYON attribute 'reviewers' ");
        problem.ShouldContain(expected);
    }

    [Fact]
    public void Collect_HierarchicalMappingItems_AddsNewKeysTypedFromAyonAndReportsBadItems()
    {
        AyonFtrack.Features.Ayon.AttributeModel[] ayon =
        [
            Ayon("fps", "float"), Ayon("priority", "string", "Priority"), Ayon("clipIn", "string"), Ayon("reviewers", "list_of_integers"), Ayon("frameStart", "integer"),
        ];
        var mapping = Mapping(
            Hierarchical("fps", "fps"),
            Hierarchical("priority", "ayon_priority"),
            Hierarchical("clipIn", "clipIn"),
            Hierarchical("reviewers", "reviewers"),
            Hierarchical("missing", "missing_h"),
            Hierarchical("frameStart", "ayon_id"),
            Hierarchical("frameStart", " "),
            new AttributeMappingItem { Name = "frameStart", AttrType = "standard", Standard = ["fstart", "frame_start"] });
        var standard = new Configuration("s1", "frame_start", "Start", "t-number", "task", false, null, null, null, null, [], []);

        var (wanted, problems, notes) = Collect([Fps, ClipIn], mapping, ayon, [standard]);

        wanted.ShouldBe([Fps, ClipIn, new Wanted("ayon_priority", "Priority", "text", """{"markdown": false}""", "the mapping of AYON attribute 'priority'")]);
        problems.Select(p => p.Name).ShouldBe(["clipIn", "reviewers", "missing_h", "ayon_id", "frameStart"]);
        problems.ShouldSatisfyAllConditions(
            () => problems[0].Message.ShouldBe("AYON attribute 'clipIn' (string) needs a text attribute, but 'clipIn' is a number attribute of the defaults file"),
            () => problems[1].Message.ShouldStartWith("not created for the mapping: AYON attribute 'reviewers' is of type 'list_of_integers'"),
            () => problems[2].Message.ShouldBe("the mapping names AYON attribute 'missing', which AYON does not have"),
            () => problems[3].Message.ShouldContain("a mandatory attribute"),
            () => problems[4].Message.ShouldContain("names no ftrack attribute"));
        notes.ShouldHaveSingleItem().ShouldStartWith("'fstart' (standard mapping of AYON attribute 'frameStart') exists on no ftrack entity type");
    }

    [Fact]
    public void Collect_MappingDisabled_WantsOnlyTheDefaultsAndSaysSo()
    {
        var (wanted, problems, notes) = Collect([Fps], new AttributesMappingSettings { Enabled = false, Mapping = [Hierarchical("priority", "p")] }, [Ayon("priority", "string")], []);

        wanted.ShouldBe([Fps]);
        problems.ShouldBeEmpty();
        notes.ShouldHaveSingleItem().ShouldContain("mapping is disabled");
    }

    [Fact]
    public void Decide_NothingInFtrack_CreatesEachHierarchicalOnShowWithEveryRole()
    {
        var plan = Decide(Ftrack(), [Fps, ClipIn]);

        plan.Changes.Select(c => c.Write.Key).ShouldBe(["fps", "clipIn"]);
        var write = plan.Changes[0].Write;
        write.ShouldSatisfyAllConditions(
            () => write.IsCreate.ShouldBeTrue(),
            () => write.Data["type_id"].ShouldBe("t-number"),
            () => write.Data["is_hierarchical"].ShouldBe(true),
            () => write.Data["entity_type"].ShouldBe("show"),
            () => write.Data["label"].ShouldBe("FPS"),
            () => write.Data["config"].ShouldBe("""{"isdecimal": true, "precision": 6}"""),
            () => write.Data.ShouldNotContainKey("group_id"),
            () => write.Data.ShouldNotContainKey("default"),
            () => RoleIds(write, "read_security_roles").ShouldBe(["r-admin", "r-api", "r-user"]),
            () => RoleIds(write, "write_security_roles").ShouldBe(["r-admin", "r-api", "r-user"]));
        plan.Unchanged.ShouldBeEmpty();
        plan.Failures.ShouldBeEmpty();
    }

    [Fact]
    public void Decide_SameAttributeStoredReSpaced_IsUnchanged()
    {
        var plan = Decide(Ftrack(Hier("c1", "fps", "t-number", "FPS", """{"precision":6,"isdecimal":true}""", ["r-user", "r-api", "r-admin"])), [Fps]);

        plan.Changes.ShouldBeEmpty();
        plan.Unchanged.ShouldBe(["fps"]);
    }

    [Fact]
    public void Decide_DifferentLabelConfigAndRoles_UpdatesExactlyThoseFields()
    {
        var plan = Decide(Ftrack(Hier("c1", "clipIn", "t-number", "Clip In", """{"isdecimal": true}""", ["r-admin"])), [ClipIn]);

        var write = plan.Changes.ShouldHaveSingleItem().Write;
        write.ShouldSatisfyAllConditions(
            () => write.ConfigurationId.ShouldBe("c1"),
            () => write.Changed.ShouldBe(["label", "config", "read_security_roles", "write_security_roles"]),
            () => write.Data.Keys.ShouldBe(["label", "config", "read_security_roles", "write_security_roles"], ignoreOrder: true),
            () => write.Data["label"].ShouldBe("Clip in"),
            () => write.Data["config"].ShouldBe("""{"isdecimal": false}"""));
    }

    [Fact]
    public void Decide_FpsStoredAsText_IsKept() =>
        Decide(Ftrack(Hier("c1", "fps", "t-text", "FPS", """{"markdown": false}""")), [Fps]).ShouldSatisfyAllConditions(
            p => p.Changes.ShouldBeEmpty(),
            p => p.Kept.ShouldBe(["fps: kept as the text attribute ftrack has"]),
            p => p.Failures.ShouldBeEmpty());

    [Fact]
    public void Decide_SameKeyOfAnotherType_FailsWithoutWriting()
    {
        var plan = Decide(Ftrack(Hier("c1", "clipIn", "t-text", "Clip in", "{}"), new Configuration("c2", "clipIn", "x", "t-number", "task", false, null, null, null, null, [], [])), [ClipIn]);

        plan.Changes.ShouldBeEmpty();
        plan.Failures.ShouldHaveSingleItem().ShouldBe(new Problem("clipIn",
            "ftrack has a hierarchical 'clipIn' of type text, and a key holds one hierarchical attribute, so the number one of the defaults file cannot be created; change or delete it in ftrack"));
    }

    [Fact]
    public void Decide_TwoMatchingOrATypeFtrackLacks_AreFailures()
    {
        var twice = Decide(Ftrack(Hier("c1", "clipIn", "t-number", "Clip in", null), Hier("c2", "clipIn", "t-number", "Clip in", null)), [ClipIn]);
        var noDate = Decide(new Current([], [new("t-number", "number")], [], []), [new Wanted("shootDay", "Shoot day", "date", "{}", "the mapping of AYON attribute 'shootDay'")]);

        twice.Failures.ShouldHaveSingleItem().Message.ShouldBe("ftrack has 2 hierarchical number attributes 'clipIn'; delete all but one");
        noDate.Failures.ShouldHaveSingleItem().Message.ShouldBe("ftrack has no custom attribute type 'date' (needed by the mapping of AYON attribute 'shootDay')");
        (twice.Changes.Count + noDate.Changes.Count).ShouldBe(0);
    }

    [Fact]
    public void Decide_AfterItsCreatesAreStored_WritesNothing()
    {
        var first = Decide(Ftrack(), Defaults());
        var stored = first.Changes.Select((c, i) => new Configuration($"c{i}", c.Write.Key, (string?)c.Write.Data["label"], (string?)c.Write.Data["type_id"], "show", true, null,
            (string?)c.Write.Data["config"], null, null, RoleIds(c.Write, "read_security_roles"), RoleIds(c.Write, "write_security_roles"))).ToArray();

        var second = Decide(Ftrack(stored), Defaults());

        second.Changes.ShouldBeEmpty();
        second.Unchanged.Count.ShouldBe(10);
    }

    [Fact]
    public void Summary_WithFailures_NamesEachWithItsReason()
    {
        var outcome = new Outcome(["fps"], [], ["clipIn"], ["fps: kept"], [new Problem("reviewers", "no type")], ["a note"]);

        Summary(outcome).ShouldBe("1 created, 0 updated, 1 unchanged, 1 kept; 1 failed: reviewers (no type).");
        var report = Report(outcome, new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        report.ShouldSatisfyAllConditions(
            () => report.ShouldStartWith("Create/Update Custom Attributes, 2026-12-07 08:00:00 +00:00\n1 created"),
            () => report.ShouldContain("\nCreated:\n  fps\n"),
            () => report.ShouldContain("\nFailed (nothing was written for these):\n  Attribute \"reviewers\": no type\n"),
            () => report.ShouldContain("\nNotes:\n  a note\n"),
            () => report.ShouldNotContain("Updated:"));
    }

    [Fact]
    public void Action_RoleList_ShownOnlyToListedRolesOnAnySelection()
    {
        var settings = JsonDocument.Parse("""{"user_handlers": {"create_update_attributes": {"role_list": ["Administrator"]}}}""").RootElement;

        CreateUpdateAttributes.Action.Decide(settings, ["administrator"]).ShouldBe(RoleDecision.Allowed);
        CreateUpdateAttributes.Action.Decide(settings, ["User"]).ShouldBe(RoleDecision.MissingRole);
        CreateUpdateAttributes.Action.Menu.Identifier.ShouldBe("ayon.create.update.attributes");
        Applies([new EventProject.SelectionItem("p", "show")]).ShouldBeTrue();
        Applies([]).ShouldBeFalse();
    }
}
