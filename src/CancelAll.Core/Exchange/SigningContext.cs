using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>Carries what the signing handler needs on the request, so that every attempt is signed afresh.</summary>
internal sealed record SigningContext(BitgetRequest Request, ApiCredentials Credentials)
{
    public static readonly HttpRequestOptionsKey<SigningContext> Key = new("CancelAll.Signing");
}
