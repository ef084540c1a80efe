using AyonFtrack.Features.Ayon.Entities;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>The folder-links read of the AYON wire client (GraphQL <c>folders { links }</c>, ayon-protocol.md §3.7).</summary>
public partial interface IAyonApi
{
    [Post("/graphql")]
    Task<GraphQlResult<ProjectData<ProjectFolderLinks>>> QueryFolderLinksAsync([Body] GraphQlRequest query, CancellationToken cancellationToken);
}
