using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.EndToEnd;

/// <summary>
/// A small show built in ftrack by REST commits, level by level as a coordinator builds one in the web UI:
/// <c>sq010/{sh010 (compositing), sh020 (animation)}</c>, <c>sq020/sh030 (lighting)</c>, <c>Assets/hero (modeling)</c>,
/// with <c>fps</c> on the project and <c>frameStart</c> on sh010.
/// </summary>
internal sealed record FtrackShow(
    string Sequence1,
    string Sequence2,
    string Shot1,
    string Shot2,
    string Shot3,
    string AssetsFolder,
    string Asset,
    string CompTask,
    string AnimTask,
    string LightTask,
    string ModelTask)
{
    public static async Task<FtrackShow> BuildAsync(EndToEndWorld world)
    {
        var ftrack = world.Ftrack;
        var project = FtrackEntityRef.Of("Project", world.ProjectId);
        string sq1 = "", sq2 = "", assets = "";
        await world.CommitAsync(s =>
        {
            sq1 = s.Create("Sequence", Data(("name", "sq010"), ("parent_id", world.ProjectId))).Id;
            sq2 = s.Create("Sequence", Data(("name", "sq020"), ("parent_id", world.ProjectId))).Id;
            assets = s.Create("Folder", Data(("name", "Assets"), ("parent_id", world.ProjectId))).Id;
            s.SetCustomAttribute(project, world.FpsConfigurationId, 25.0);
        });

        string sh1 = "", sh2 = "", sh3 = "", hero = "";
        await world.CommitAsync(s =>
        {
            sh1 = s.Create("Shot", Data(("name", "sh010"), ("parent_id", sq1), ("status_id", ftrack.StatusId("In progress")))).Id;
            sh2 = s.Create("Shot", Data(("name", "sh020"), ("parent_id", sq1))).Id;
            sh3 = s.Create("Shot", Data(("name", "sh030"), ("parent_id", sq2))).Id;
            hero = s.Create("AssetBuild", Data(("name", "hero"), ("parent_id", assets), ("type_id", ftrack.TypeId("Modeling")))).Id;
            s.SetCustomAttribute(FtrackEntityRef.Of("Shot", sh1), world.FrameStartConfigurationId, 1001);
        });

        string comp = "", anim = "", light = "", model = "";
        await world.CommitAsync(s =>
        {
            comp = s.Create("Task", Data(("name", "compositing"), ("parent_id", sh1), ("type_id", ftrack.TypeId("Compositing")), ("status_id", ftrack.StatusId("Pending Review")))).Id;
            anim = s.Create("Task", Data(("name", "animation"), ("parent_id", sh2), ("type_id", ftrack.TypeId("Animation")))).Id;
            light = s.Create("Task", Data(("name", "lighting"), ("parent_id", sh3), ("type_id", ftrack.TypeId("Lighting")))).Id;
            model = s.Create("Task", Data(("name", "modeling"), ("parent_id", hero), ("type_id", ftrack.TypeId("Modeling")))).Id;
        });

        return new FtrackShow(sq1, sq2, sh1, sh2, sh3, assets, hero, comp, anim, light, model);
    }

    public static Dictionary<string, object?> Data(params (string Key, object? Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);
}
