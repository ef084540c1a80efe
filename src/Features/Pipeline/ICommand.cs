using MediatR;

namespace AyonFtrack.Features.Pipeline;

/// <summary>A routed slice's request. Slices react to an event and return nothing (<see cref="Unit"/>).</summary>
public interface ICommand : IRequest
{
}
