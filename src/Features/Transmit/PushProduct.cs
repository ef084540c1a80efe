using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// A product created, renamed or moved to another folder in AYON becomes, or moves, its ftrack Asset (the original
/// skips product entities, T-08, §7.2). The Asset is found by name under the folder's counterpart (see
/// <see cref="ProductAssets"/>); for a rename by the old name, for a move under the old folder's counterpart. Only the
/// name and context that differ are written. A product deleted in AYON leaves its Asset in ftrack: the Asset may hold
/// versions AYON never had.
/// </summary>
public static class PushProduct
{
    private const string Slice = "Transmit.PushProduct";

    public sealed record Command(string Project, string ProductId, string? OldName, string? OldFolderId) : ICommand;

    /// <summary><c>entity.product.created</c>, <c>entity.product.renamed</c> (old name from the payload), <c>entity.product.folder_changed</c> (old folder from the payload).</summary>
    public static Command? From(AyonEvent e)
    {
        var change = AyonChange.From(e);
        return change switch
        {
            { EntityType: "product", Change: "created" } => new Command(change.Project, change.EntityId, null, null),
            { EntityType: "product", Change: "renamed" } => new Command(change.Project, change.EntityId, AyonChange.Text(change.OldValue), null),
            { EntityType: "product", Change: "folder_changed" } => new Command(change.Project, change.EntityId, null, AyonChange.Text(change.OldValue)),
            _ => null,
        };
    }

    /// <summary>The Asset fields that differ from the wanted name and context.</summary>
    public static Dictionary<string, object?> Decide(string? currentName, string? currentContextId, string wantedName, string wantedContextId)
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!string.Equals(currentName, wantedName, StringComparison.Ordinal))
        {
            changes["name"] = wantedName;
        }

        if (!string.Equals(currentContextId, wantedContextId, StringComparison.Ordinal))
        {
            changes["context_id"] = wantedContextId;
        }

        return changes;
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.ProductId).NotEmpty().WithMessage("the AYON event names no product");
    }

    internal sealed class Handler(IAyonApi ayon, FtrackSession session, ILogger<Handler> logger) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var product = await Counterparts.ReadAyonAsync(ayon, request.Project, "product", request.ProductId, cancellationToken);
            if (product is null)
            {
                TransmitLog.AyonEntityGone(logger, Slice, "product", request.ProductId, request.Project);
                return Unit.Value;
            }

            var folder = product.ParentId is { } folderId ? await Counterparts.ReadAyonAsync(ayon, request.Project, "folder", folderId, cancellationToken) : null;
            var ftFolder = folder is null ? null : await Counterparts.FindAsync(session, request.Project, folder, ["id"], cancellationToken);
            if (ftFolder is null)
            {
                TransmitLog.NoCounterpart(logger, Slice, "product", request.ProductId, request.Project);
                return Unit.Value;
            }

            var asset = await ProductAssets.FindAsync(session, ftFolder.Id, product.Name, cancellationToken);
            if (asset is null && request.OldName is { Length: > 0 } oldName)
            {
                asset = await ProductAssets.FindAsync(session, ftFolder.Id, oldName, cancellationToken);
            }

            if (asset is null && request.OldFolderId is { Length: > 0 } oldFolderId
                && await Counterparts.ReadAyonAsync(ayon, request.Project, "folder", oldFolderId, cancellationToken) is { } oldFolder
                && await Counterparts.FindAsync(session, request.Project, oldFolder, ["id"], cancellationToken) is { } oldFtFolder)
            {
                asset = await ProductAssets.FindAsync(session, oldFtFolder.Id, product.Name, cancellationToken);
            }

            if (asset is null)
            {
                if (await ProductAssets.CreateAsync(session, ftFolder.Id, product.Name, product.SubType, cancellationToken) is not { } created)
                {
                    TransmitLog.Skipped(logger, Slice, $"ftrack has no AssetType for product type '{product.SubType}' of product {request.ProductId}; not created");
                    return Unit.Value;
                }

                await session.CommitAsync(cancellationToken);
                TransmitLog.Pushed(logger, Slice, "product", request.ProductId, created.Id, 1);
                return Unit.Value;
            }

            var changes = Decide(asset.GetString("name"), asset.GetString("context_id"), product.Name, ftFolder.Id);
            if (changes.Count == 0)
            {
                return Unit.Value;
            }

            session.Update(asset.Ref, changes);
            await session.CommitAsync(cancellationToken);
            TransmitLog.Pushed(logger, Slice, "product", request.ProductId, asset.Id, changes.Count);
            return Unit.Value;
        }
    }
}
