using System.Net;
using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon.Entities;
using Refit;
using static AyonFtrack.Integration.Tests.Ayon.Entities.JsonAssert;

namespace AyonFtrack.Integration.Tests.Ayon.Entities;

/// <summary>
/// A user's access groups as ayon-backend keeps them (<c>validate_user_data</c>, <c>validate_access_groups</c>): the
/// <c>data</c> keys are replaced as a whole, unknown groups, unknown projects and empty lists are dropped on save, and a
/// wrong shape is a 400.
/// </summary>
public sealed class UserAccessGroupsEmulatorTests
{
    [Fact]
    public async Task PatchUser_AccessGroups_UnknownGroupsProjectsAndEmptyListsDroppedKeyReplacedAsAWhole()
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        (await h.Api.CreateUserAsync("jdoe", new UserCreate { Data = Obj(("defaultAccessGroups", new JsonArray("artist", "ghost"))) }, h.Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await h.Api.PatchUserAsync("jdoe", new UserPatch
        {
            Data = Obj(("accessGroups", Obj(
                (EntityEmulatorHarness.Project, new JsonArray("artist", "ghost")),
                ("nowhere", new JsonArray("artist")),
                ("empty", new JsonArray())))),
        }, h.Token);
        var user = (await h.Api.GetUserAsync("jdoe", h.Token)).Content!;
        user.Data["defaultAccessGroups"].ShouldBeJson(new JsonArray("artist"));
        user.Data["accessGroups"].ShouldBeJson(Obj((EntityEmulatorHarness.Project, new JsonArray("artist"))));

        await h.Api.PatchUserAsync("jdoe", new UserPatch { Data = Obj(("accessGroups", Obj((EntityEmulatorHarness.Project, new JsonArray())))) }, h.Token);
        (await h.Api.GetUserAsync("jdoe", h.Token)).Content!.Data.ContainsKey("accessGroups").ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"accessGroups": ["artist"]}""")]
    [InlineData("""{"accessGroups": {"demo": "artist"}}""")]
    [InlineData("""{"defaultAccessGroups": "artist"}""")]
    public async Task PatchUser_AccessGroupsOfTheWrongShape_BadRequestAndNothingChanged(string data)
    {
        await using var h = await EntityEmulatorHarness.StartAsync();
        await h.Api.CreateUserAsync("jdoe", new UserCreate { Data = Obj(("defaultAccessGroups", new JsonArray("artist"))) }, h.Token);

        var failure = await Should.ThrowAsync<ApiException>(() => h.Api.PatchUserAsync("jdoe", new UserPatch { Data = JsonNode.Parse(data)!.AsObject() }, h.Token));

        failure.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await h.Api.GetUserAsync("jdoe", h.Token)).Content!.Data["defaultAccessGroups"].ShouldBeJson(new JsonArray("artist"));
    }
}
