using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A version created in AYON becomes an ftrack AssetVersion of the same number under its product's Asset (created in
/// the same commit when missing), linked to the ftrack counterpart of the version's task, with the AYON id in
/// <c>ayon_id</c>; AYON then gets the ftrack id in <c>ftrackId</c> (the original skips version creation, T-08). A version
/// moved to another product moves its AssetVersion to that product's Asset. A version already linked (by
/// <c>ftrackId</c>, <c>ayon_id</c>, or the original's product name + number guess) is linked, never created twice.
/// </summary>
public static class PushVersion
{
    private const string Slice = "Transmit.PushVersion";

    public sealed record Command(string Project, string VersionId, bool Moved) : ICommand;

    /// <summary><c>entity.version.created</c>, <c>entity.version.product_changed</c>.</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change switch
        {
            { EntityType: "version", Change: "created" } => new Command(change.Project, change.EntityId, false),
            { EntityType: "version", Change: "product_changed" } => new Command(change.Project, change.EntityId, true),
            _ => null,
        };
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.VersionId).NotEmpty().WithMessage("the AYON event names no version");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, TransmitReadCache cache, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var version = await Counterparts.ReadAyonAsync(ayon, request.Project, "version", request.VersionId, cancellationToken);
            if (version is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, "version", request.VersionId, request.Project);
                return Unit.Value;
            }

            var product = version.ParentId is { } productId ? await Counterparts.ReadAyonAsync(ayon, request.Project, "product", productId, cancellationToken) : null;
            var folder = product?.ParentId is { } folderId ? await Counterparts.ReadAyonAsync(ayon, request.Project, "folder", folderId, cancellationToken) : null;
            var ftFolder = folder is null ? null : await Counterparts.FindAsync(session, request.Project, folder, ["id"], cancellationToken);
            if (product is null || ftFolder is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "version", request.VersionId, request.Project);
                return Unit.Value;
            }

            // A moved version is found by its ids only: the number guess would look under the new product.
            var existing = request.Moved
                ? await Counterparts.FindAsync(session, request.Project, version, ["id", "asset_id"], cancellationToken)
                : await Counterparts.ResolveAsync(ayon, session, request.Project, version, ["id", "asset_id"], cancellationToken);
            var asset = await ProductAssets.FindAsync(session, ftFolder.Id, product.Name, cancellationToken);
            var assetId = asset?.Id;
            var writes = 0;
            if (asset is null)
            {
                if (await ProductAssets.CreateAsync(session, ftFolder.Id, product.Name, product.SubType, cancellationToken) is not { } createdAsset)
                {
                    TransmitLog.Skipped(logger, Slice, $"ftrack has no AssetType for product type '{product.SubType}' of version {request.VersionId}; not created");
                    return Unit.Value;
                }

                assetId = createdAsset.Id;
                writes++;
            }

            string ftVersionId;
            if (existing is null)
            {
                var data = new Dictionary<string, object?> { ["asset_id"] = assetId, ["version"] = version.VersionNumber };
                if (version.SubType is { } taskId
                    && await Counterparts.ReadAyonAsync(ayon, request.Project, "task", taskId, cancellationToken) is { } task
                    && await Counterparts.FindAsync(session, request.Project, task, ["id"], cancellationToken) is { } ftTask)
                {
                    data["task_id"] = ftTask.Id;
                }

                ftVersionId = session.Create("AssetVersion", data).Id;
                if (await cache.AyonIdConfigurationAsync(session, cancellationToken) is { } ayonIdConfiguration)
                {
                    session.CreateCustomAttributeValue(ayonIdConfiguration, ftVersionId, version.Id);
                }

                writes++;
            }
            else
            {
                ftVersionId = existing.Id;
                if (!string.Equals(existing.GetString("asset_id"), assetId, StringComparison.Ordinal))
                {
                    session.Update(existing.Ref, new Dictionary<string, object?> { ["asset_id"] = assetId });
                    writes++;
                }
            }

            if (writes > 0)
            {
                await cache.CommitAsync(session, cancellationToken);
            }

            if (version.FtrackId != ftVersionId)
            {
                await ayon.UpdateVersionAsync(request.Project, version.Id, new JsonObject { ["attrib"] = new JsonObject { [Counterparts.FtrackIdAttribute] = ftVersionId } }, cancellationToken);
            }

            if (writes > 0)
            {
                TransmitLog.Pushed(logger, Slice, "version", request.VersionId, ftVersionId, writes);
            }

            return Unit.Value;
        }
    }
}
