namespace AyonFtrack.Features.Ayon;

// Entity endpoints (projects, folders/tasks/products/versions, operations, users, lists, activities, links): filled on branch ayon-entities.
public partial interface IAyonApi;
