using System.Text.Json.Nodes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Server.Tests.Settings;

public sealed class FtrackSettingsSchemaTests
{
    private static readonly JsonObject Schema = FtrackSettingsSchema.Generate();

    [Fact]
    public void Generate_RootProperties_AreTheSettingsKeys()
    {
        Schema["properties"]!.AsObject().Select(p => p.Key)
            .ShouldBe(FtrackSettings.Defaults.ToJsonObject().Select(p => p.Key));
        Schema["$schema"]!.GetValue<string>().ShouldBe("https://json-schema.org/draft/2020-12/schema");
    }

    [Fact]
    public void Generate_Always_InlinesEveryReference()
    {
        Schema.ToJsonString().ShouldNotContain("$ref");
    }

    [Theory]
    [InlineData("service_event_handlers.thumbnail_updates.levels", "integer", "1")]
    [InlineData("service_event_handlers.sync_from_ftrack.sync_link_type", "string", "\"< Skip >\"")]
    [InlineData("service_event_handlers.prepare_project.role_list", "array", """["Administrator","Project manager"]""")]
    [InlineData("service_event_handlers.clone_review_session.role_list", "array", """["Administrator","Project Manager"]""")]
    [InlineData("user_handlers.fill_workfile_attribute.enabled", "boolean", "false")]
    [InlineData("publish.IntegrateFtrackNote.note_template", "string", "\"{comment}\"")]
    [InlineData("custom_attributes.attributes_mapping.enabled", "boolean", "true")]
    public void Generate_Property_HasTypeAndOwnDefault(string keyPath, string type, string defaultJson)
    {
        var property = PropertySchema(keyPath);

        property["type"]!.GetValue<string>().ShouldBe(type);
        JsonNode.DeepEquals(property["default"], JsonNode.Parse(defaultJson)).ShouldBeTrue(property.ToJsonString());
    }

    [Fact]
    public void Generate_RequiredListItemKeys_AreRequired()
    {
        var item = PropertySchema("service_event_handlers.next_task_update.mapping")["items"]!;

        item["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["name", "value"]);
    }

    [Fact]
    public void CommittedSchemaFile_MatchesGeneratedSchema()
    {
        var committed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Settings", "ftrack-settings.schema.json"));

        committed.ReplaceLineEndings().TrimEnd().ShouldBe(FtrackSettingsSchema.GenerateJson().ReplaceLineEndings().TrimEnd(),
            "src/Server/Settings/ftrack-settings.schema.json is stale: regenerate it with FtrackSettingsSchema.GenerateJson()");
    }

    private static JsonObject PropertySchema(string keyPath)
    {
        JsonNode node = Schema;
        foreach (var key in keyPath.Split('.'))
        {
            node = node["properties"]![key]!;
        }

        return node.AsObject();
    }
}
