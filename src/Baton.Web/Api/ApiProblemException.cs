namespace Baton.Web.Api;

/// <summary>A request the API refuses, with the HTTP status and the one-line detail of its problem details.</summary>
internal sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, string detail) : base(detail) => Status = status;

    public ApiProblemException() { }

    public ApiProblemException(string message) : base(message) { }

    public ApiProblemException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The HTTP status.</summary>
    public int Status { get; } = 400;

    public static ApiProblemException BadRequest(string detail) => new(400, detail);

    public static ApiProblemException NotFound(string detail) => new(404, detail);

    public static ApiProblemException Conflict(string detail) => new(409, detail);
}
