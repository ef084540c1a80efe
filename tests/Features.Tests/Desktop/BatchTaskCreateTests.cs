using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Desktop;

namespace AyonFtrack.Features.Tests.Desktop;

public sealed class BatchTaskCreateTests
{
    private static readonly (string Id, string Name)[] Types = [("t-anim", "Animation"), ("t-light", "Lighting")];

    [Fact]
    public void ReadTasks_ThreeTasksAndOtherKeys_ReadsEveryIndexedTask()
    {
        // The original counted len(values)/2 tasks (§7): an extra key made it read a task that is not there.
        var values = new JsonObject
        {
            ["task_0_typeid"] = "t-anim", ["task_0_name"] = "Anim",
            ["task_1_typeid"] = "t-light", ["task_1_name"] = " ",
            ["task_2_typeid"] = "t-anim",
            ["note"] = "x",
        };

        var (tasks, refusal) = BatchTaskCreate.ReadTasks(values, Types);

        refusal.ShouldBeNull();
        tasks.ShouldBe([new("t-anim", "Animation", "Anim"), new("t-light", "Lighting", "lighting"), new("t-anim", "Animation", "animation")]);
    }

    [Fact]
    public void ReadTasks_UnknownType_RefusesNamingTheTask() =>
        BatchTaskCreate.ReadTasks(new JsonObject { ["task_0_typeid"] = "t-anim", ["task_1_typeid"] = "nope" }, Types).Refusal
            .ShouldBe("Task 2 has no task type chosen; nothing was created.");

    [Theory]
    [InlineData("3", 3)]
    [InlineData("50", 50)]
    public void ReadCount_WholeNumberInRange_IsRead(string text, int expected) =>
        BatchTaskCreate.ReadCount(JsonValue.Create(text)).Count.ShouldBe(expected);

    [Theory]
    [InlineData("0")]
    [InlineData("51")]
    [InlineData("2.5")]
    [InlineData("two")]
    public void ReadCount_Other_IsRefused(string text) =>
        BatchTaskCreate.ReadCount(JsonValue.Create(text)).Refusal.ShouldNotBeNull();

    [Fact]
    public void Applies_VersionOrProjectInSelection_IsFalse()
    {
        BatchTaskCreate.Applies([new EventProject.SelectionItem("a", "task")]).ShouldBeTrue();
        BatchTaskCreate.Applies([new EventProject.SelectionItem("a", "task"), new EventProject.SelectionItem("b", "assetversion")]).ShouldBeFalse();
        BatchTaskCreate.Applies([new EventProject.SelectionItem("a", "show")]).ShouldBeFalse();
        BatchTaskCreate.Applies([]).ShouldBeFalse();
    }
}
