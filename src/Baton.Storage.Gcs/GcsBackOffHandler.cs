using System.Collections.Concurrent;
using System.Net;
using Google.Apis.Http;

namespace Baton.Storage.Gcs;

/// <summary>
/// Google.Apis' <see cref="BackOffHandler"/> with one addition for resumable uploads: server errors on an upload session
/// are counted since its last progress, and the upload fails (with an <see cref="IOException"/>) after <c>num_retries</c>
/// retries of them.
/// </summary>
/// <remarks>
/// The SDK answers a chunk's server error with a status query; when that query succeeds the next try starts with a fresh
/// count, so an endpoint that keeps failing chunks while answering queries would be retried for ever. A 308 whose
/// <c>Range</c> has grown is progress and resets the count.
/// </remarks>
internal sealed class GcsBackOffHandler : BackOffHandler
{
    private static readonly ConcurrentDictionary<string, SessionState> Sessions = new(StringComparer.Ordinal);
    private readonly int _numRetries;

    /// <summary>Creates the handler with the retry policy's back-off and filters.</summary>
    public GcsBackOffHandler(Initializer initializer, int numRetries) : base(initializer)
    {
        _numRetries = numRetries;
    }

    /// <summary>Forgets an upload session (called when its upload ends, however it ends).</summary>
    public static void Forget(Uri? session)
    {
        if (session is not null)
        {
            Sessions.TryRemove(session.AbsoluteUri, out _);
        }
    }

    /// <inheritdoc />
    public override Task<bool> HandleResponseAsync(HandleUnsuccessfulResponseArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Request is { Method: var method, RequestUri: { } uri } && method == HttpMethod.Put && uri.Query.Contains("upload_id=", StringComparison.Ordinal))
        {
            var state = Sessions.GetOrAdd(uri.AbsoluteUri, _ => new SessionState());
            var status = (int)args.Response.StatusCode;
            if (status == 308)
            {
                var received = args.Response.Headers.TryGetValues("Range", out var ranges) ? ranges.FirstOrDefault() ?? "" : "";
                lock (state)
                {
                    if (!string.Equals(received, state.Received, StringComparison.Ordinal))
                    {
                        state.Received = received;
                        state.Failures = 0;
                    }
                }

                return Task.FromResult(false);
            }

            if (status >= (int)HttpStatusCode.InternalServerError)
            {
                int failures;
                lock (state)
                {
                    failures = ++state.Failures;
                }

                if (failures > _numRetries)
                {
                    // Returning false would not do: the SDK's own handler still asks for a retry. A handler's exception
                    // ends the request, and the upload fails with it.
                    Sessions.TryRemove(uri.AbsoluteUri, out _);
                    throw new IOException(
                        $"HTTP {status} {args.Response.StatusCode} from the upload session {failures} times in a row without progress (num_retries is {_numRetries})");
                }
            }
        }

        return base.HandleResponseAsync(args);
    }

    private sealed class SessionState
    {
        public string Received { get; set; } = "";

        public int Failures { get; set; }
    }
}
