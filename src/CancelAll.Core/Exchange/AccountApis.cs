using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>
/// Finds the API family of an account. Every registered <see cref="IAccountApi"/> is a candidate; for one mode
/// the last registration wins, as with any DI service, so a test can swap a family with one registration.
/// </summary>
public sealed class AccountApis(IEnumerable<IAccountApi> families)
{
    private readonly IReadOnlyList<IAccountApi> families = families.ToList();

    /// <summary>The family that serves <paramref name="mode"/>.</summary>
    public IAccountApi For(AccountMode mode) =>
        families.LastOrDefault(f => f.Mode == mode)
        ?? throw new InvalidOperationException($"No API family is registered for {mode} accounts.");

    /// <summary>The family of the account behind <paramref name="credentials"/>.</summary>
    public Task<IAccountApi> ForAccountAsync(string account, ApiCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Task.FromResult(For(AccountMode.Classic));
    }
}
