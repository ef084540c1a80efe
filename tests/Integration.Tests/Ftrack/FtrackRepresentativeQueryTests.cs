using System.Text.Json.Nodes;

namespace AyonFtrack.Integration.Tests.Ftrack;

/// <summary>
/// The queries ayon-ftrack issues (ftrack-protocol.md §2.5) and the tokeniser traps of the official clients (§2.2),
/// sent through the real <c>FtrackSession</c> to the emulator, with the number of rows the seeded world must give.
/// </summary>
public sealed class FtrackRepresentativeQueryTests
{
    private const string TaskType = "11c137c0-ee7e-4f9c-91c5-8c77cec22b2c";

    public static TheoryData<string, int> Queries => new()
    {
        { "User where username is \"ayon.service\"", 1 },
        { "User where id is <artist>", 1 },
        { "select id, username, email from User", 2 },
        { "select id, username, email, first_name, last_name, is_active, user_type_id from User", 2 },
        { "select id, name from UserType", 3 },
        { "select id, full_name from Project", 1 },
        { "select id, name, full_name from Project where full_name is \"MyProject\"", 1 },
        { "select id, full_name, is_private from Project where id in (\"<p1>\",\"<p2>\")", 1 },
        { "select id, full_name, name, custom_attributes, project_schema._task_type_schema.types.name from Project where id is \"<p>\"", 1 },
        { "select asset_version_workflow_schema, task_workflow_schema, task_workflow_schema_overrides, object_type_schemas from ProjectSchema where id is '<ps>'", 1 },
        { "select id, object_type_id from Schema where id in (\"<s1>\",\"<s2>\")", 2 },
        { "select status_id from SchemaStatus where schema_id in (\"<s1>\")", 7 },
        { "select workflow_schema_id from ProjectSchemaOverride where id in (\"00000000-0000-0000-0000-000000000001\") and type_id is '<type>'", 0 },
        { "select status_id from WorkflowSchemaStatus where workflow_schema_id is '<wf>'", 7 },
        { "select id, name, color, state, sort from Status", 7 },
        { "select id, name, sort from ObjectType", 7 },
        { "select id from ObjectType where name is 'Task'", 1 },
        { "select id, name from Type", 11 },
        { "select id, name, parent_id, type_id, object_type_id, status_id, start_date, end_date, description from TypedContext where project_id is \"<p>\"", 7 },
        { "select id, name, object_type_id, type_id, parent_id, link, description from TypedContext where project_id is \"<p>\" and id in (\"<shot>\",\"<t>\")", 2 },
        { $"select id, parent_id, status_id from TypedContext where parent_id in (\"<shot>\") and object_type_id is \"{TaskType}\"", 2 },
        { $"select id from TypedContext where parent_id in (\"<sq>\") and object_type_id != '{TaskType}'", 2 },
        { $"select id, status_id, object_type_id, link from TypedContext where id in (\"<t>\") and object_type_id in (\"{TaskType}\")", 1 },
        { "Task where name is \"compositing\" and parent_id is \"<shot>\"", 1 },
        { "select id, type_id, status_id, link from Task where id in (\"<t>\")", 1 },
        { "select id, key, entity_type, object_type_id, is_hierarchical, config, default from CustomAttributeConfiguration", 4 },
        { "select id, key, default, is_hierarchical from CustomAttributeConfiguration where entity_type is AssetVersion or is_hierarchical is True", 3 },
        { "select id from CustomAttributeConfiguration where key is 'ayon_id'", 1 },
        { "select value, entity_id, configuration_id from CustomAttributeValue where entity_id in (\"<shot>\",\"<t>\") and configuration_id in (\"<c_ayon>\")", 1 },
        { "select value, entity_id from CustomAttributeValue where configuration_id in (<c_ayon>) and value in (\"ayon-shot-1\")", 1 },
        { "select id, name, context_id from Asset where context_id in (\"<shot>\")", 1 },
        { "select id from Asset where name is \"modelMain\" and type_id is \"<at>\" and context_id is \"<shot>\"", 1 },
        { "select id, asset_id, version, status_id from AssetVersion where asset_id in (\"<as>\")", 2 },
        { "AssetVersion where task_id != none and id in (\"<v>\")", 1 },
        { "select status_id, version, task_id, asset_id from AssetVersion where task_id in (\"<t>\") order by version descending", 2 },
        { "select id, name from Component where name is \"ftrackreview-mp4\" and version_id is \"<v>\"", 1 },
        { "select id, size from Component where version_id in (\"<v>\") and component_locations.location.name in (\"ftrack.server\")", 1 },
        { "select resource_id, context_id from Appointment where context_id in (\"<t>\") and type is 'assignment'", 1 },
        { "select from_id, to_id from TypedContextLink where to_id in (\"<t>\")", 1 },
        { "select id, category_id, name, system_type from List where project_id is '<p>'", 1 },
        { "select id, entity_id from ListObject where list_id is '<l>'", 1 },
        { "select id, content, metadata from Note where id is '<n>'", 1 },
        { "select id, user_id, status, created_at, data from Job where status in (\"queued\", \"running\")", 1 },
        { "User where email like 'artist@studio.com'", 1 },
        { "select value from CustomAttributeValue where (configuration_id is \"<c_fstart>\"and entity_id is \"<shot>\")", 1 },
        { "select context_type, id, name from Task where (id is \"<t>\")", 1 },
        { "select id from Task where parent_id is <shot> order by name descending offset 0 limit 500", 2 },
        { "select id from Task where parent_id is <shot> limit 500 offset 0", 2 },
        { "select id from TypedContext where id in (<shot>, <t>,<anim>)", 3 },
        { "Shot where custom_attributes any (key is \"fstart\" and value is 1009)", 1 },
        { "Note where metadata any (key is \"ayon_activity_id\" and value is \"act-1\")", 1 },
        { "Task where status.state.short is \"NOT_STARTED\"", 2 },
        { "TypedContext where parent has (name is \"sh010\")", 2 },
        { "Shot where children any (name is \"animation\")", 1 },
        { "Shot where children any ()", 2 },
        { "Context where name is \"MYPROJ\" or name is \"nothing\"", 1 },
        { $"TypedContext where not (object_type_id is \"{TaskType}\") and project_id is \"<p>\"", 4 },
        { "User where username is jane.doe@studio.com", 1 },
        { "Task where name like \"comp%\"", 2 },
        { "Task where name not_like \"comp%\" and project_id is \"<p>\"", 1 },
        { "TypedContext where id not_in (\"<t>\") and parent_id is \"<shot>\"", 1 },
        { "select id from TypedContext where project_id is \"<p>\" and (name is \"sh010\" or name is \"sh020\") and not name is \"sh020\"", 1 },
        { "AssetVersion where version >= 2 and version < 3", 1 },
        { "Shot where created_at after \"2000-01-01\"", 2 },
        { "select id from Task where status_id is_not none", 3 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Query_RepresentativeExpression_ReturnsSeededRows(string template, int expectedRows)
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var world = FtrackWorld.Seed(harness.Emulator);

        var reply = await harness.Session.CallAsync(
            [new JsonObject { ["action"] = "query", ["expression"] = world.Fill(template) }],
            CancellationToken.None);

        var page = reply[0]!.AsObject();
        page["action"]!.GetValue<string>().ShouldBe("query");
        page["data"]!.AsArray().Count.ShouldBe(expectedRows);
        page["metadata"]!["next"]!["offset"].ShouldBeNull();
    }
}
