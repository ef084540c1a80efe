using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.Settings;

public sealed class FtrackSettingsValidationTests
{
    [Fact]
    public void Validate_Defaults_HasNoProblems()
    {
        FtrackSettings.Defaults.Validate().ShouldBeEmpty();
    }

    [Fact]
    public void Validate_BrokenRules_ReportsEachWithKeyPath()
    {
        const string json = """
            {
              "post_launch_hook": {"mapping": [{"name": "Ready", "value": ["a"]}, {"name": "Ready", "value": ["b"]}]},
              "service_event_handlers": {
                "thumbnail_updates": {"levels": -1},
                "status_version_to_task": {"asset_types_filter_type": "block_list"},
                "create_daily_lists": {"cycle_hour_start": "25:00:00", "cycle_days": ["monday", "funday"]}
              },
              "publish": {"ValidateFtrackAttributes": {"ftrack_custom_attributes": "[1, 2]"}},
              "custom_attributes": {"attributes_mapping": {"mapping": [{"name": "fps", "attr_type": "both"}]}}
            }
            """;

        var problems = FtrackSettings.Parse(json).Validate();

        problems.Select(p => p.KeyPath).ShouldBe([
            "post_launch_hook.mapping",
            "service_event_handlers.thumbnail_updates.levels",
            "service_event_handlers.create_daily_lists.cycle_hour_start",
            "publish.ValidateFtrackAttributes.ftrack_custom_attributes",
            "service_event_handlers.status_version_to_task.asset_types_filter_type",
            "service_event_handlers.create_daily_lists.cycle_days[1]",
            "custom_attributes.attributes_mapping.mapping[0].attr_type",
        ]);
        problems[0].Message.ShouldContain("'Ready' is used more than once");
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("""{"Shot": {"fps": 25}}""", true)]
    [InlineData("[]", false)]
    [InlineData("not json", false)]
    [InlineData("", false)]
    public void HasValidCustomAttributesJson_Text_RequiresJsonObject(string text, bool valid)
    {
        new ValidateFtrackAttributesSettings { FtrackCustomAttributes = text }.HasValidCustomAttributesJson().ShouldBe(valid);
    }

    [Theory]
    [InlineData("00:00:00", 0, 0, 0)]
    [InlineData("23:59:59", 23, 59, 59)]
    [InlineData("06:30:15", 6, 30, 15)]
    public void TryGetCycleStart_ValidTime_Parses(string text, int h, int m, int s)
    {
        new CreateDailyListsSettings { CycleHourStart = text }.TryGetCycleStart().ShouldBe(new TimeOnly(h, m, s));
    }

    [Theory]
    [InlineData("24:00:00")]
    [InlineData("6:30:00")]
    [InlineData("06:60:00")]
    [InlineData("06:30")]
    [InlineData("")]
    public void TryGetCycleStart_InvalidTime_IsNull(string text)
    {
        new CreateDailyListsSettings { CycleHourStart = text }.TryGetCycleStart().ShouldBeNull();
    }
}
