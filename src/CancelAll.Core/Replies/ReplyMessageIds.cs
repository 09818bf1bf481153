using System.Security.Cryptography;
using System.Text;

namespace CancelAll.Core.Replies;

/// <summary>
/// Reply MessageIds are derived from the request, never random: a redelivered request (or a timer run that repeats its
/// derived correlation id) produces the same reply MessageId, and the reply queue's duplicate detection drops the copy.
/// </summary>
internal static class ReplyMessageIds
{
    /// <summary>
    /// Queue requests: the first 32 hex characters of SHA-256("reply:" + request MessageId).
    /// HTTP and timer: of SHA-256("reply:correlation:" + correlation id).
    /// </summary>
    public static string For(ReplyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seed = string.IsNullOrEmpty(context.RequestMessageId)
            ? "reply:correlation:" + context.CorrelationId
            : "reply:" + context.RequestMessageId;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return Convert.ToHexStringLower(hash)[..32];
    }
}
