using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class CollectFamilyTests
{
    private static readonly CollectFtrackFamilySettings Settings = new()
    {
        Profiles =
        [
            new CollectFamilyProfile { HostNames = ["nuke"], ProductBaseTypes = ["write", "render"], AddFtrackFamily = false, AdvancedFiltering = [new AdvancedFamilyFilter { Families = ["review"], AddFtrackFamily = true }] },
            new CollectFamilyProfile { HostNames = ["maya"], ProductBaseTypes = ["model"], AddFtrackFamily = true },
        ],
    };

    [Fact]
    public void Decide_MayaModel_AddsFtrack() => CollectFamily.Decide("maya", new PublishInstance { ProductType = "model" }, Settings).ShouldBeTrue();

    [Fact]
    public void Decide_NukeRenderWithoutReview_DoesNotAdd() => CollectFamily.Decide("nuke", new PublishInstance { ProductBaseType = "render" }, Settings).ShouldBeFalse();

    [Fact]
    public void Decide_NukeRenderWithReview_AdvancedFilterAdds() =>
        CollectFamily.Decide("nuke", new PublishInstance { ProductBaseType = "render", Families = ["review"] }, Settings).ShouldBeTrue();

    [Fact]
    public void Decide_NoProfile_DoesNotAdd() => CollectFamily.Decide("blender", new PublishInstance { ProductType = "model" }, Settings).ShouldBeFalse();
}
