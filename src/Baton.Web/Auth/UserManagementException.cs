namespace Baton.Web.Auth;

/// <summary>A user or token operation was refused: a bad name or role, a user that exists already or does not exist.</summary>
internal sealed class UserManagementException : BatonException
{
    public UserManagementException(string message) : base(message) { }

    public UserManagementException() { }

    public UserManagementException(string message, Exception? innerException) : base(message, innerException) { }

    public override bool IsRetryable => false;
}
