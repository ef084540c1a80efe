using System.Net;

namespace AyonFtrack.Features.Tests.Ayon;

/// <summary>Records requests (with their bodies) and answers from a queue of canned responses.</summary>
internal sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _responses = new();

    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    public StubHttpHandler Respond(HttpStatusCode status, string? json = null)
    {
        _responses.Enqueue(request => new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = json is null ? new ByteArrayContent([]) : new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        if (_responses.Count == 0)
        {
            throw new InvalidOperationException($"No canned response left for {request.Method} {request.RequestUri}");
        }

        return _responses.Dequeue()(request);
    }
}
