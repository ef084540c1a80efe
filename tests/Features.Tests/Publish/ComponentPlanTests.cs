using System.Text.Json;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class ComponentPlanTests
{
    private static readonly IntegrateFtrackInstanceSettings Settings = new() { ProductBaseTypeMapping = [new ProductBaseTypeMapping { Name = "render", AssetType = "render" }] };

    private static PublishInstance Render(params PublishRepresentation[] representations) => new()
    {
        Label = "renderMain",
        ProductName = "renderMain",
        ProductBaseType = "render",
        FolderPath = "/sq01/sh010",
        Version = 3,
        VersionEntity = new AyonVersionRef { Id = "v-id", Version = 3 },
        FrameStart = 1001,
        FrameEnd = 1010,
        Comment = "c",
        Representations = representations,
    };

    private static readonly PublishRepresentation Exr = new() { Name = "exr", Ext = "exr", Paths = ["/r/a.1001.exr", "/r/a.1002.exr"] };
    private static readonly PublishRepresentation Mp4 = new() { Name = "h264", Ext = "mp4", Paths = ["/r/review.mp4"], Tags = ["review", "ftrackreview"] };
    private static readonly PublishRepresentation Jpg = new() { Name = "thumbnail", Ext = "jpg", Paths = ["/r/t.jpg"], Thumbnail = true, Width = 320, Height = 180 };

    [Fact]
    public void Decide_ReviewAndThumbnail_ComponentsLocationsAndWebMetadata()
    {
        var items = ComponentPlan.Decide(Render(Exr, Mp4, Jpg), "nuke", 25, Settings);
        var byName = items.ToDictionary(i => i.ComponentData.Name);
        var review = byName["ftrackreview-mp4"];
        byName.ShouldSatisfyAllConditions(
            () => byName.Keys.Order().ShouldBe(["exr", "ftrackreview-mp4", "ftrackreview-mp4_src", "thumbnail", "thumbnail_src"]),
            () => review.ComponentLocationName.ShouldBe(ComponentPlan.ServerLocation),
            () => JsonNode.Parse(review.ComponentData.Metadata["ftr_meta"])!.ToJsonString().ShouldBe("""{"frameIn":0,"frameOut":10,"frameRate":25}"""),
            () => byName["thumbnail"].Thumbnail.ShouldBeTrue(),
            () => byName["exr"].ComponentLocationName.ShouldBe(ComponentPlan.UnmanagedLocation),
            () => byName["exr"].ComponentPath.ShouldBe("/r/a.%04d.exr [1001-1002]"),
            () => review.AssetTypeData.ShortName.ShouldBe("render"),
            () => review.AssetVersionData.CustomAttributes["ayon_path"].ShouldBe("/sq01/sh010/renderMain/v003"));
    }

    [Fact]
    public void Decide_ThumbnailWithoutReview_IsFtrackreviewImage() =>
        ComponentPlan.Decide(Render(Jpg), "nuke", 25, Settings).Select(i => i.ComponentData.Name).Order().ShouldBe(["ftrackreview-image", "ftrackreview-image_src"]);

    [Fact]
    public void Decide_UnmappedType_IsUpload() =>
        ComponentPlan.Decide(Render(Exr) with { ProductBaseType = "plate" }, "nuke", 25, Settings)[0].AssetTypeData.ShortName.ShouldBe("upload");

    [Fact]
    public void Decide_PublishOnFarm_IsSkipped() =>
        ComponentPlan.Decide(Render(Exr with { Tags = ["publish_on_farm"] }), "nuke", 25, Settings).ShouldBeEmpty();

    [Fact]
    public void Decide_VideoReviewWithoutFrameRange_FailsNamingInstance() =>
        Should.Throw<PublishStepException>(() => ComponentPlan.Decide(Render(Mp4) with { FrameStart = null }, "nuke", 25, Settings)).Message.ShouldContain("renderMain");

    [Fact]
    public void RenameImageReview_VersionWithMovie_ImageBecomesThumbnail()
    {
        var movie = new ComponentItem { AssetData = new AssetData { Name = "a" }, ComponentData = new ComponentData { Name = "ftrackreview-mp4" } };
        var image = movie with { ComponentData = new ComponentData { Name = "ftrackreview-image" } };
        IntegrateVersion.RenameImageReview([movie, image]).Select(i => i.ComponentData.Name).ShouldBe(["ftrackreview-mp4", "thumbnail"]);
    }

    [Fact]
    public void FileSequence_DescribeAndParse_RoundTrip()
    {
        var described = FileSequence.Describe(["/r/a.0001.exr", "/r/a.0002.exr", "/r/a.0004.exr"]);
        var parsed = FileSequence.TryParse(described)!;
        parsed.ShouldSatisfyAllConditions(
            () => described.ShouldBe("/r/a.%04d.exr [1-2, 4]"),
            () => parsed.Frames.ShouldBe([1, 2, 4]),
            () => parsed.PathOf(4).ShouldBe("/r/a.0004.exr"),
            () => FileSequence.TryParse("/r/review.mp4").ShouldBeNull());
    }

    [Fact]
    public void ComponentItem_Json_KeepsTheOriginalKeys()
    {
        var json = JsonSerializer.SerializeToNode(ComponentPlan.Decide(Render(Exr), "nuke", 25, Settings)[0], PublishJson.Options)!.AsObject();
        json.Select(p => p.Key).Order().ShouldBe(["asset_data", "assettype_data", "assetversion_data", "component_data", "component_location_name", "component_overwrite", "component_path", "thumbnail"]);
    }
}
