using System.Text.Json.Nodes;
using AyonFtrack.Features.Transmit;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class PushProductTests
{
    [Theory]
    [InlineData("entity.product.created", true)]
    [InlineData("entity.product.renamed", true)]
    [InlineData("entity.product.folder_changed", true)]
    [InlineData("entity.product.deleted", false)]
    [InlineData("entity.product.attrib_changed", false)]
    [InlineData("entity.folder.created", false)]
    public void From_Topic_RoutesProductChangesAnAssetHolds(string topic, bool routed) =>
        (PushProduct.From(AyonEvents.Entity(topic)) is not null).ShouldBe(routed);

    [Fact]
    public void From_Renamed_CarriesTheOldName() =>
        PushProduct.From(AyonEvents.Entity("entity.product.renamed", "pr1", "renderMain", "renderHero"))
            .ShouldBe(new PushProduct.Command("demo", "pr1", "renderMain", null));

    [Fact]
    public void From_FolderChanged_CarriesTheOldFolder() =>
        PushProduct.From(AyonEvents.Entity("entity.product.folder_changed", "pr1", "f-old", "f-new"))
            .ShouldBe(new PushProduct.Command("demo", "pr1", null, "f-old"));

    [Fact]
    public void Decide_SameNameAndContext_WritesNothing() => PushProduct.Decide("renderMain", "c1", "renderMain", "c1").ShouldBeEmpty();

    [Fact]
    public void Decide_RenamedAndMoved_WritesBoth() =>
        PushProduct.Decide("rendermain", "c1", "renderMain", "c2").ShouldBe(new Dictionary<string, object?> { ["name"] = "renderMain", ["context_id"] = "c2" }, ignoreOrder: true);
}

public sealed class PushVersionTests
{
    [Fact]
    public void From_Created_IsNotAMove() => PushVersion.From(AyonEvents.Entity("entity.version.created", "v1")).ShouldBe(new PushVersion.Command("demo", "v1", false));

    [Fact]
    public void From_ProductChanged_IsAMove() => PushVersion.From(AyonEvents.Entity("entity.version.product_changed", "v1")).ShouldBe(new PushVersion.Command("demo", "v1", true));

    [Theory]
    [InlineData("entity.version.task_changed")]
    [InlineData("entity.version.deleted")]
    [InlineData("entity.task.created")]
    public void From_OtherTopic_ReturnsNull(string topic) => PushVersion.From(AyonEvents.Entity(topic)).ShouldBeNull();
}

public sealed class ProductAssetsTests
{
    private static readonly ProductAssets.AssetTypeRow[] Types = [new("t1", "Upload", "upload"), new("t2", "Render", "render"), new("t3", "Geometry", "geo")];

    [Theory]
    [InlineData("render", "t2")]
    [InlineData("RENDER", "t2")]
    [InlineData("geometry", "t3")]
    [InlineData("workfile", "t1")]
    [InlineData(null, "t1")]
    public void DecideType_ProductType_ShortThenNameThenUpload(string? productType, string expected) =>
        ProductAssets.DecideType(productType, Types)!.Id.ShouldBe(expected);

    [Fact]
    public void DecideType_NoMatchAndNoUpload_ReturnsNull() => ProductAssets.DecideType("workfile", [new("t2", "Render", "render")]).ShouldBeNull();
}

public sealed class ReviewableMetaTests
{
    [Fact]
    public void FtrackMeta_Video_FrameRangeFromDurationAndRate()
    {
        var meta = JsonNode.Parse(PushReviewable.FtrackMeta("ftrackreview-mp4", new JsonObject { ["frameRate"] = 24.0, ["duration"] = 2.0 }, null)!)!;

        meta["frameIn"]!.GetValue<double>().ShouldBe(0);
        meta["frameOut"]!.GetValue<double>().ShouldBe(48);
        meta["frameRate"]!.GetValue<double>().ShouldBe(24);
    }

    [Fact]
    public void FtrackMeta_VideoWithoutProbedRate_UsesVersionFpsAndFrameRange()
    {
        var meta = JsonNode.Parse(PushReviewable.FtrackMeta("ftrackreview-mp4", new JsonObject(), new JsonObject { ["fps"] = 25, ["frameStart"] = 1001, ["frameEnd"] = 1100 })!)!;

        meta["frameOut"]!.GetValue<double>().ShouldBe(100);
        meta["frameRate"]!.GetValue<double>().ShouldBe(25);
    }

    [Fact]
    public void FtrackMeta_VideoWithNoRateAnywhere_ReturnsNull() => PushReviewable.FtrackMeta("ftrackreview-mp4", new JsonObject { ["duration"] = 2.0 }, new JsonObject()).ShouldBeNull();

    [Fact]
    public void FtrackMeta_Image_WidthHeightAndFormat()
    {
        var meta = JsonNode.Parse(PushReviewable.FtrackMeta("ftrackreview-image", new JsonObject { ["width"] = 1280, ["height"] = 720 }, null)!)!;

        meta["width"]!.GetValue<int>().ShouldBe(1280);
        meta["height"]!.GetValue<int>().ShouldBe(720);
        meta["format"]!.GetValue<string>().ShouldBe("image");
    }

    [Fact]
    public void FtrackMeta_NotAReviewComponent_ReturnsNull() => PushReviewable.FtrackMeta("reviewable", new JsonObject { ["width"] = 1, ["height"] = 1 }, null).ShouldBeNull();
}

public sealed class RenameEntityTests
{
    [Theory]
    [InlineData("entity.folder.renamed", true)]
    [InlineData("entity.task.renamed", true)]
    [InlineData("entity.folder.label_changed", true)]
    [InlineData("entity.task.label_changed", true)]
    [InlineData("entity.product.renamed", false)]
    [InlineData("entity.version.label_changed", false)]
    public void From_Topic_RoutesFolderAndTaskRenames(string topic, bool routed) =>
        (RenameEntity.From(AyonEvents.Entity(topic)) is not null).ShouldBe(routed);

    [Fact]
    public void Decide_LabelSet_FtrackNameIsTheLabel() => RenameEntity.Decide("sh010", "SH 010", "sh010").ShouldBe("SH 010");

    [Fact]
    public void Decide_NoLabel_FtrackNameIsTheName() => RenameEntity.Decide("sh020", null, "sh010").ShouldBe("sh020");

    [Fact]
    public void Decide_AlreadyEqual_ReturnsNull() => RenameEntity.Decide("sh010", "", "sh010").ShouldBeNull();
}
