using System.Text.Json.Nodes;
using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ftrack.Actions;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Actions;

public sealed class DailyListsTests
{
    private static readonly Dictionary<string, string> Statuses = new() { ["approved"] = "st-ok", ["pending review"] = "st-review" };

    [Theory]
    [InlineData("{yy}{mm}{dd}", "261124")]
    [InlineData("Dailies {yyyy}-{m}-{d} {ddd}", "Dailies 2026-11-4 Wed")]
    [InlineData("{dddd} {mmmm} {HH}:{MM} {ht} {{x}}", "Wednesday November 00:00 AM {x}")]
    [InlineData("{unknown}", null)]
    [InlineData("{yy", null)]
    public void FillName_DateKeys(string template, string? expected)
    {
        var day = template.Contains("{m}", StringComparison.Ordinal) || template.Contains("{ddd}", StringComparison.Ordinal) || template.Contains("{dddd}", StringComparison.Ordinal)
            ? new DateTime(2026, 11, 4)
            : new DateTime(2026, 11, 24);

        DailyListsDecide.FillName(template, day).ShouldBe(expected);
    }

    [Fact]
    public void Members_StatusesOrAttributes_AnyFilterPasses()
    {
        DailyListVersion[] versions =
        [
            new("v-1", "st-ok", ["p", "sh", "v-1"]),
            new("v-2", "st-review", ["p", "sh", "v-2"]),
            new("v-3", "st-review", ["p", "sh2", "v-3"]),
        ];
        DailyListAttributeConfiguration[] attributes =
        [
            new("c-client", "client_review", false, false),
            new("c-client-h", "client_review", true, false),
            new("c-lighting", "lighting", true, "no"),
        ];
        var values = new Dictionary<(string, string), JsonNode?> { [("c-client", "v-2")] = true, [("c-client-h", "v-3")] = true, [("c-lighting", "sh2")] = "yes" };
        var list = new DailyListItem
        {
            Filters =
            [
                new DailyListFilter { Statuses = ["Approved"] },
                new DailyListFilter
                {
                    Statuses = ["pending review"],
                    CustomAttributes = [new DailyListCustomAttributeFilter { AttrName = "client_review", AttrType = "bool_value", BoolValue = true }],
                },
                new DailyListFilter { CustomAttributes = [new DailyListCustomAttributeFilter { AttrName = "lighting", AttrType = "str_value", StrValue = "yes" }] },
            ],
        };

        // v-1 by status; v-2 by status and its own client_review (the non-hierarchical one wins); v-3 through lighting
        // inherited from sh2 (its hierarchical client_review is not the attribute that counts).
        DailyListsDecide.Members(list, versions, Statuses, attributes, values).ShouldBe(["v-1", "v-2", "v-3"]);
        DailyListsDecide.Members(list with { Filters = [list.Filters[1]] }, versions, Statuses, attributes, values).ShouldBe(["v-2"]);
    }

    /// <summary>§7: the original narrowed the candidates list after list; here each list sees every candidate.</summary>
    [Fact]
    public void Members_SecondList_SeesTheCandidatesTheFirstDidNotKeep()
    {
        DailyListVersion[] versions = [new("v-1", "st-ok", []), new("v-2", "st-review", [])];
        var approved = new DailyListItem { Filters = [new DailyListFilter { Statuses = ["Approved"] }] };
        var review = new DailyListItem { Filters = [new DailyListFilter { Statuses = ["Pending Review"] }] };
        var empty = new Dictionary<(string, string), JsonNode?>();

        DailyListsDecide.Members(approved, versions, Statuses, [], empty).ShouldBe(["v-1"]);
        DailyListsDecide.Members(review, versions, Statuses, [], empty).ShouldBe(["v-2"]);
        DailyListsDecide.CandidateStatuses([approved, review], Statuses)!.ShouldBe(["st-ok", "st-review"], ignoreOrder: true);
        DailyListsDecide.CandidateStatuses([approved, new DailyListItem { Filters = [new DailyListFilter()] }], Statuses).ShouldBeNull();
    }

    [Fact]
    public void FormThenChecked_OnlyTheCheckedListsComeBack()
    {
        var ids = new Queue<string>(["a", "b"]);
        var lists = new[] { new DailyListItem { NameTemplate = "{yy}{mm}{dd}", Category = "Dailies" }, new DailyListItem { NameTemplate = "client {dd}", Category = "Client" } };
        var form = (ActionResult.FormResult)DailyLists.Form(lists, ids.Dequeue);
        var values = new JsonObject
        {
            ["a"] = false,
            ["b"] = true,
            ["action_lists"] = form.Items.Single(i => i["name"]?.GetValue<string>() == "action_lists")["value"]!.DeepClone(),
        };

        DailyLists.Checked(values).ShouldHaveSingleItem().NameTemplate.ShouldBe("client {dd}");
        DailyLists.Checked(new JsonObject { ["action_lists"] = "not json" }).ShouldBeEmpty();
        DailyLists.Form([], ids.Dequeue).ShouldBeOfType<ActionResult.Text>().Success.ShouldBeFalse();
    }
}

public sealed class DailyListsScheduleTests
{
    [Theory]
    [InlineData("2026-11-24T05:00:00+01:00", "06:00:00", "2026-11-24T06:00:00+01:00")]
    [InlineData("2026-11-24T06:00:00+01:00", "06:00:00", "2026-11-25T06:00:00+01:00")]
    [InlineData("2026-11-24T23:59:59+00:00", "00:00:00", "2026-11-25T00:00:00+00:00")]
    public void NextRun_TodayWhileAheadElseTomorrow(string now, string start, string expected) =>
        DailyListsSchedule.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void RunsOnAndHash_DayNamesAndTheDayInTheHash()
    {
        var saturday = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
        DailyListsSchedule.RunsOn(saturday, ["monday", "friday"]).ShouldBeFalse();
        DailyListsSchedule.RunsOn(saturday, ["Saturday"]).ShouldBeTrue();
        DailyListsSchedule.Hash(saturday).ShouldBe("create.daily.lists.automated20261128");
    }
}
