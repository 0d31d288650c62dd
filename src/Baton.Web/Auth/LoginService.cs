using System.Threading.RateLimiting;
using Baton.Metadata;
using Baton.Metadata.Sql;
using Microsoft.AspNetCore.Identity;

namespace Baton.Web.Auth;

/// <summary>
/// Checks a username and password for the UI's login form: rate-limited per client address (a sliding window of
/// <see cref="AttemptsPerWindow"/> failed attempts per <see cref="Window"/>, after which every attempt is refused, the limiter of ASP.NET Core's rate limiting, kept
/// here so that every way in is limited), verified with <see cref="PasswordHasher{TUser}"/> (rehashed when its settings
/// changed since), and the same work done for an unknown user as for a wrong password, so timing does not tell which.
/// </summary>
internal sealed class LoginService : IDisposable
{
    /// <summary>Login attempts allowed per client address and <see cref="Window"/>.</summary>
    public const int AttemptsPerWindow = 10;

    /// <summary>The window of <see cref="AttemptsPerWindow"/>.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    internal const string Refused = "wrong username or password";

    private readonly SqlUserStore _store;
    private readonly IPasswordHasher<UserRecord> _hasher;
    private readonly TimeProvider _timeProvider;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly string _dummyHash;

    public LoginService(SqlUserStore store, IPasswordHasher<UserRecord> hasher, TimeProvider timeProvider)
    {
        _store = store;
        _hasher = hasher;
        _timeProvider = timeProvider;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetSlidingWindowLimiter(client, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = AttemptsPerWindow, Window = Window, SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
        }));
        _dummyHash = hasher.HashPassword(new UserRecord { Username = "", Role = "" }, Guid.NewGuid().ToString());
    }

    /// <summary>Checks the credentials; on success records the login and returns the principal to sign in with the cookie scheme.</summary>
    /// <param name="username">The username typed.</param>
    /// <param name="password">The password typed.</param>
    /// <param name="client">The client's address, the rate limit's partition.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<LoginResult> LoginAsync(string username, string password, string? client, CancellationToken cancellationToken = default)
    {
        // Failed attempts are what is limited: asking for no permit tells whether any is left, and each failure takes one.
        var partition = client ?? "unknown";
        using var lease = _limiter.AttemptAcquire(partition, 0);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
            return new LoginResult(null, $"too many login attempts; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s", retryAfter);
        }

        var user = string.IsNullOrEmpty(username) ? null : await _store.GetUserAsync(username, cancellationToken).ConfigureAwait(false);
        if (user?.PasswordHash is not { } hash || !BatonRoles.TryParse(user.Role, out var role))
        {
            _ = _hasher.VerifyHashedPassword(new UserRecord { Username = "", Role = "" }, _dummyHash, password ?? "");
            return Fail(partition);
        }

        var verified = _hasher.VerifyHashedPassword(user, hash, password ?? "");
        if (verified == PasswordVerificationResult.Failed)
        {
            return Fail(partition);
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await _store.SetPasswordHashAsync(user.Username, _hasher.HashPassword(user, password!), cancellationToken).ConfigureAwait(false);
        }

        await _store.RecordLoginAsync(user.Username, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new LoginResult(BatonRoles.Principal(user.Username, role, "password"), null);
    }

    public void Dispose() => _limiter.Dispose();

    private LoginResult Fail(string partition)
    {
        using var _ = _limiter.AttemptAcquire(partition);
        return new LoginResult(null, Refused);
    }
}
