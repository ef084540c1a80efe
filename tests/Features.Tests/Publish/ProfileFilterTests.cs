using AyonFtrack.Features.Publish;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Tests.Publish;

public sealed class ProfileFilterTests
{
    private static readonly TaskStatusProfile Any = new() { StatusName = "any" };
    private static readonly TaskStatusProfile Nuke = new() { HostNames = ["nuke"], StatusName = "nuke" };
    private static readonly TaskStatusProfile NukeRender = new() { HostNames = ["nuke"], ProductBaseTypes = ["render.*"], StatusName = "nuke render" };
    private static readonly TaskStatusProfile Maya = new() { HostNames = ["maya"], StatusName = "maya" };

    private static string? Best(string host, string? type, params TaskStatusProfile[] profiles) =>
        ProfileFilter.Best(profiles, [(p => p.HostNames, host), (p => p.ProductBaseTypes, type)])?.StatusName;

    [Fact]
    public void Best_MoreMatchingKeys_Wins() => Best("nuke", "render", Any, Nuke, NukeRender, Maya).ShouldBe("nuke render");

    [Fact]
    public void Best_NonMatchingList_DropsProfile() => Best("houdini", "render", Nuke, Maya).ShouldBeNull();

    [Fact]
    public void Best_EmptyValueAgainstFilter_DropsProfile() => Best("nuke", null, NukeRender).ShouldBeNull();

    [Fact]
    public void Best_Tie_FirstKeyMatchThenOrder() =>
        ProfileFilter.Best(
            [new TaskStatusProfile { ProductBaseTypes = ["render"], StatusName = "by type" }, new TaskStatusProfile { HostNames = ["nuke"], StatusName = "by host" }],
            [(p => p.HostNames, "nuke"), (p => p.ProductBaseTypes, "render")])!.StatusName.ShouldBe("by host");

    [Fact]
    public void Score_RegexMustMatchWholeValue() => ProfileFilter.Score("prerender", ["render"]).ShouldBe(-1);
}
