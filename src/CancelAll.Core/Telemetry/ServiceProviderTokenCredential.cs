using Azure.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Telemetry;

/// <summary>Hands token requests to the <see cref="TokenCredential"/> registered in DI, once the provider exists.</summary>
internal sealed class ServiceProviderTokenCredential : TokenCredential
{
    private IServiceProvider? services;

    public void Attach(IServiceProvider provider) => Interlocked.CompareExchange(ref services, provider, null);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        Resolve().GetToken(requestContext, cancellationToken);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        Resolve().GetTokenAsync(requestContext, cancellationToken);

    private TokenCredential Resolve() =>
        (services ?? throw new InvalidOperationException("The telemetry providers are not built yet."))
            .GetService<TokenCredential>()
        ?? throw new InvalidOperationException($"{TelemetryServiceCollectionExtensions.AuthenticationStringSetting} asks for Authorization=AAD, but no TokenCredential is registered.");
}
