using System.Text.Json.Nodes;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// "Batch Task Create" (U-02) through a real <c>serve</c> over both emulators: offered on folders only; two forms (how
/// many, then type and name per task); the submission creates the missing tasks under the shot (a blank name is the
/// type's name in lower case) under an ftrack Job, and a second submission creates nothing new. Bad input is refused
/// readably with nothing written.
/// </summary>
public sealed class DesktopBatchTaskCreateTests
{
    private static readonly string Identifier = BatchTaskCreate.Action.Menu.Identifier;

    [Fact]
    public async Task Serve_BatchTaskCreate_TwoFormsThenTasksUnderTheShot()
    {
        await using var world = await DesktopWorld.StartAsync();
        var serve = await world.ServeAsync();
        var version = world.Ftrack.AddAssetVersion(world.Ftrack.AddAsset(world.ShotFtrackId, "renderMain"), 1);
        var shot = Selected.Task(world.ShotFtrackId);

        var offered = await world.DiscoverAsync(shot);
        DesktopWorld.Offered(offered).ShouldContain(Identifier);
        ((string?)offered.Single(i => ((string)i["actionIdentifier"]!).StartsWith(Identifier + ".", StringComparison.Ordinal))["icon"])
            .ShouldBe($"{world.Ayon.BaseUrl.GetLeftPart(UriPartial.Authority)}/addons/ftrack/{AyonFtrack.Sandbox.Demo.DemoWorld.AddonVersion}/public/icons/BatchTasks.svg");
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Version(version))).ShouldNotContain(Identifier);
        DesktopWorld.Offered(await world.DiscoverAsync(Selected.Show(world.ProjectFtrackId))).ShouldNotContain(Identifier);

        var count = await world.LaunchAsync(serve.Identifier(Identifier), null, shot);
        count["items"]!.AsArray().Select(i => (string?)i!["name"]).ShouldBe([BatchTaskCreate.CountKey]);
        var perTask = await world.LaunchAsync(serve.Identifier(Identifier), new JsonObject { [BatchTaskCreate.CountKey] = 2 }, shot);
        var items = perTask["items"]!.AsArray().OfType<JsonObject>().ToList();
        items.Select(i => (string?)i["name"]).OfType<string>().ShouldBe(["task_0_typeid", "task_0_name", "task_1_typeid", "task_1_name"]);
        items[1]["data"]!.AsArray().Select(d => (string?)d!["label"]).ShouldContain("Lighting");

        var submission = new JsonObject
        {
            ["task_0_typeid"] = world.Ftrack.TypeId("Animation"),
            ["task_0_name"] = "Anim",
            ["task_1_typeid"] = world.Ftrack.TypeId("Lighting"),
            ["task_1_name"] = "",
        };
        var created = await world.LaunchAsync(serve.Identifier(Identifier), submission, shot);
        var again = await world.LaunchAsync(serve.Identifier(Identifier), submission, shot);

        var tasks = world.Query($"select name, type_id from Task where parent_id is \"{world.ShotFtrackId}\"")
            .Select(t => ((string)t["name"]!, (string)t["type_id"]!)).ToList();
        created.ShouldSatisfyAllConditions(
            () => ((bool?)created["success"]).ShouldBe(true, created.ToJsonString()),
            () => ((string?)created["message"]).ShouldBe("Action completed successfully: 2 task(s) created, 0 already existed."),
            () => ((string?)again["message"]).ShouldBe("Action completed successfully: 0 task(s) created, 2 already existed."),
            () => tasks.ShouldContain(("Anim", world.Ftrack.TypeId("Animation"))),
            () => tasks.ShouldContain(("lighting", world.Ftrack.TypeId("Lighting"))),
            () => tasks.Count.ShouldBe(5),
            () => world.Jobs().ShouldBe([("done", "Batch Task Create: 2 task(s) created, 0 already existed."), ("done", "Batch Task Create: 0 task(s) created, 2 already existed.")]));
    }

    [Fact]
    public async Task Serve_BatchTaskCreate_BadInput_RefusedReadablyAndNothingWritten()
    {
        await using var world = await DesktopWorld.StartAsync();
        var serve = await world.ServeAsync();
        var version = world.Ftrack.AddAssetVersion(world.Ftrack.AddAsset(world.ShotFtrackId, "renderMain"), 1);
        var shot = Selected.Task(world.ShotFtrackId);

        var noType = await world.LaunchAsync(serve.Identifier(Identifier), new JsonObject { ["task_0_typeid"] = world.Ftrack.TypeId("FX"), ["task_0_name"] = "a", ["task_1_typeid"] = "", ["task_1_name"] = "b" }, shot);
        var badCount = await world.LaunchAsync(serve.Identifier(Identifier), new JsonObject { [BatchTaskCreate.CountKey] = "zero" }, shot);
        var emptyForm = await world.LaunchAsync(serve.Identifier(Identifier), new JsonObject { ["unrelated"] = "x" }, shot);
        var mixed = await world.LaunchAsync(serve.Identifier(Identifier), new JsonObject { ["task_0_typeid"] = world.Ftrack.TypeId("FX"), ["task_0_name"] = "a" }, shot, Selected.Version(version));
        var onTask = await world.LaunchAsync(serve.Identifier(Identifier), new JsonObject { ["task_0_typeid"] = world.Ftrack.TypeId("FX"), ["task_0_name"] = "a" }, Selected.Task(world.TaskIds["comp"]));

        noType.ShouldSatisfyAllConditions(
            () => ((string?)noType["message"]).ShouldBe("Task 2 has no task type chosen; nothing was created."),
            () => ((string?)badCount["message"]).ShouldBe($"The number of tasks must be a whole number from 1 to {BatchTaskCreate.MaxTasks}; \"zero\" is not."),
            () => ((string?)emptyForm["message"]).ShouldBe("No task was filled in; nothing was created."),
            () => ((string?)mixed["message"]).ShouldBe("Select only folders (shots, sequences, asset builds, ...) to create tasks under; nothing was created."),
            () => ((string?)onTask["message"]).ShouldBe("Tasks can't hold tasks: comp selected; nothing was created."),
            () => new[] { noType, badCount, emptyForm, mixed, onTask }.ShouldAllBe(r => (bool?)r["success"] == false),
            () => world.Query("select id from Task").Count.ShouldBe(3),
            () => world.Jobs().ShouldBeEmpty());
    }
}
