using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CancelAll.Core.Credentials;

namespace CancelAll.Core.Exchange;

/// <summary>
/// The innermost handler of the exchange client: a request signed with the warm-up key (<see cref="Credentials"/>)
/// is answered here, in-process, with Bitget's success shapes, and never reaches the network. Everything above it
/// (retry pipeline, limiter, timeouts, answer reading, signing) runs as for a real call, which is what the start-up
/// dry kill (<see cref="Kill.WarmUp"/>) needs to compile the whole path before the first alert. Every other request
/// passes through untouched.
/// </summary>
internal sealed class WarmUpAnswerHandler : DelegatingHandler
{
    /// <summary>Not a Bitget key (those start "bg_"), so it can never match a configured account's key.</summary>
    public const string ApiKey = "cancel-all-warm-up";

    /// <summary>The orders the warm-up's cancel-all answer lists as cancelled.</summary>
    public const int CancelledOrders = 3;

    private static readonly byte[] CancelAllAnswer = """
        {"code":"00000","msg":"success","requestTime":0,"data":{"successList":[{"orderId":"1","clientOid":"warm-up-1"},{"orderId":"2","clientOid":"warm-up-2"},{"orderId":"3","clientOid":null}],"failureList":[]}}
        """u8.ToArray();

    private static readonly byte[] EmptyPageAnswer = """{"code":"00000","msg":"success","requestTime":0,"data":{"entrustedList":null,"endId":null}}"""u8.ToArray();

    // Mode detection (GET /api/v3/account/settings) learns "classic" for the warm-up key, so the dry kill runs the V2
    // steps its canned answers fit, and the detection path is compiled too.
    private static readonly byte[] ClassicModeAnswer = """{"code":"40084","msg":"You are in Classic Account mode, and the Unified Account API is not supported","requestTime":0,"data":null}"""u8.ToArray();

    private static readonly byte[] NoDataAnswer = """{"code":"00000","msg":"success","requestTime":0,"data":null}"""u8.ToArray();

    /// <summary>The warm-up's own key; its secret is new in every process and never leaves it.</summary>
    public static ApiCredentials Credentials { get; } = new(ApiKey, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), "warm-up");

    /// <summary>Whether the request is signed with the warm-up key.</summary>
    public static bool IsWarmUp(HttpRequestMessage request) =>
        request.Options.TryGetValue(SigningContext.Key, out var signing) && signing.Credentials.ApiKey == ApiKey;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        IsWarmUp(request) ? AnswerLaterAsync(request) : base.SendAsync(request, cancellationToken);

    // A socket's answer arrives later, on another thread: every await above this one then suspends and resumes, and
    // that code (the async state machines' boxes and continuations) is what the first real kill would otherwise
    // compile. So the warm-up's answer comes the same way.
    private static async Task<HttpResponseMessage> AnswerLaterAsync(HttpRequestMessage request)
    {
        await Task.Yield();
        return AnswerFor(request);
    }

    private static HttpResponseMessage AnswerFor(HttpRequestMessage request)
    {
        // EndsWith: the configured base address may carry a path of its own.
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        if (path.EndsWith(BitgetEndpoints.V3AccountSettings, StringComparison.Ordinal))
        {
            return Answer(HttpStatusCode.BadRequest, ClassicModeAnswer, request);
        }

        var body = path.EndsWith(BitgetEndpoints.V2CancelAllOrders, StringComparison.Ordinal) ? CancelAllAnswer
            : path.EndsWith(BitgetEndpoints.V2PendingOrders, StringComparison.Ordinal) || path.EndsWith(BitgetEndpoints.V2PendingPlanOrders, StringComparison.Ordinal) ? EmptyPageAnswer
            : NoDataAnswer;
        return Answer(HttpStatusCode.OK, body, request);
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, byte[] body, HttpRequestMessage request)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content, RequestMessage = request };
    }
}
