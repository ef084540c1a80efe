using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using AyonFtrack.Features.Sync;

namespace AyonFtrack.Features.Tests.Sync;

public sealed class VersionMatchTests
{
    private static readonly IReadOnlyDictionary<string, string> Folders = new Dictionary<string, string> { ["ft-shot"] = "f-shot" };

    private static readonly ProductNode[] Products =
    [
        Product("p-render", "renderMain"),
        Product("p-plate", "plate"),
    ];

    [Fact]
    public void Match_StoredIdThenFtrackIdThenProductNameAndNumber()
    {
        VersionNode[] versions = [Version("a-stored", "p-render", 7), Version("a-linked", "p-render", 8, ftrackId: "ft-2"), Version("a-3", "p-render", 3)];
        FtrackVersionInfo[] ftrack =
        [
            new("ft-1", 1, "renderMain", "ft-shot", "a-stored"),
            new("ft-2", 2, "renderMain", "ft-shot", null),
            new("ft-3", 3, "RENDERMAIN", "ft-shot", null),
            new("ft-4", 4, "renderMain", "ft-shot", null),
        ];

        VersionMatch.Match(ftrack, Folders, Products, versions).ShouldBe(new Dictionary<string, string>
        {
            ["ft-1"] = "a-stored", ["ft-2"] = "a-linked", ["ft-3"] = "a-3",
        }, ignoreOrder: true);
    }

    [Fact]
    public void Match_StoredIdOfAVersionThatIsGone_FallsBackToTheGuess()
    {
        VersionMatch.Match([new("ft-1", 1, "renderMain", "ft-shot", "deleted")], Folders, Products, [Version("a-1", "p-render", 1)])
            .ShouldBe(new Dictionary<string, string> { ["ft-1"] = "a-1" });
    }

    /// <summary>The original's alternative: an Asset named "plateMain_v2" matches product "plate", whose name it contains.</summary>
    [Fact]
    public void Match_NoProductOfTheAssetName_ProductWhoseNameTheAssetNameContains()
    {
        VersionMatch.Match([new("ft-1", 5, "plateMain_v2", "ft-shot", null)], Folders, Products, [Version("a-5", "p-plate", 5)])
            .ShouldBe(new Dictionary<string, string> { ["ft-1"] = "a-5" });
    }

    [Fact]
    public void Match_EachAyonVersionAnswersOneAssetVersion_UnknownFolderOrNumberLeftOut()
    {
        VersionNode[] versions = [Version("a-1", "p-render", 1, ftrackId: "ft-1")];
        FtrackVersionInfo[] ftrack =
        [
            new("ft-1", 1, "renderMain", "ft-shot", null),
            new("ft-dup", 1, "renderMain", "ft-shot", "a-1"),
            new("ft-elsewhere", 1, "renderMain", "ft-other-shot", null),
            new("ft-nonumber", null, "renderMain", "ft-shot", null),
        ];

        // ft-dup's stored id wins a-1 (stored ids first); ft-1 then finds no free version of its number.
        VersionMatch.Match(ftrack, Folders, Products, versions).ShouldBe(new Dictionary<string, string> { ["ft-dup"] = "a-1" });
    }

    private static ProductNode Product(string id, string name) => new() { Id = id, Name = name, FolderId = "f-shot", ProductType = "render" };

    private static VersionNode Version(string id, string productId, int number, string? ftrackId = null) => new()
    {
        Id = id, ProductId = productId, Version = number,
        AllAttrib = new JsonObject { ["ftrackId"] = ftrackId }.ToJsonString(),
    };
}
