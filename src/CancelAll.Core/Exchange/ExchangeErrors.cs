namespace CancelAll.Core.Exchange;

internal static class ExchangeErrors
{
    public const string Ok = "00000";
    public const string NothingToCancel = "22001";

    /// <summary>A classic account's key on the V3 API.</summary>
    public const string ClassicAccountOnV3 = "40084";

    /// <summary>A unified account's key on the V2 API.</summary>
    public const string UnifiedAccountOnV2 = "40085";

    /// <summary>V3: "No position to close".</summary>
    public const string NoPositionToClose = "22002";

    /// <summary>V3 close-positions with nothing to close.</summary>
    public const string NothingToClose = "25227";

    /// <summary>V3: the order does not exist (already filled, cancelled or triggered).</summary>
    public const string OrderNotFound = "25204";

    public static ExchangeErrorKind Classify(string? code) => code switch
    {
        "40006" or "40012" or "40037" => ExchangeErrorKind.Credentials,
        "40014" or "40018" => ExchangeErrorKind.Permission,
        "40009" => ExchangeErrorKind.Signature,
        "40004" or "40005" or "40008" => ExchangeErrorKind.Timestamp,
        "429" => ExchangeErrorKind.RateLimited,
        "40015" or "40010" => ExchangeErrorKind.ExchangeUnavailable,
        "40017" or "40808" or "40079" or "40001" or "40002" or "40003" or "40011" => ExchangeErrorKind.BadRequest,
        "400172" or "25200" or "25236" => ExchangeErrorKind.BadRequest,
        "40099" => ExchangeErrorKind.EnvironmentMismatch,
        ClassicAccountOnV3 or UnifiedAccountOnV2 => ExchangeErrorKind.AccountModeMismatch,
        _ => ExchangeErrorKind.Unknown,
    };

    /// <summary>The one message for each kind: what happened and what to do about it.</summary>
    public static string Describe(ExchangeErrorKind kind, string? code, string? exchangeMessage)
    {
        var said = string.IsNullOrWhiteSpace(exchangeMessage) ? string.Empty : $" Bitget said: \"{Clip(exchangeMessage)}\".";
        var prefix = code is null ? string.Empty : $"[{code}] ";
        return prefix + kind switch
        {
            ExchangeErrorKind.Credentials => "Bitget rejected the API key, secret or passphrase. Check that the key exists, has not been deleted or rotated, and that the stored passphrase is the one set when the key was created.",
            ExchangeErrorKind.Permission => "The API key may not do this: give it the futures trade permission (classic account) or the UTA trade read & write permission (unified account), and add this service's outbound IP addresses to the key's IP allow-list.",
            ExchangeErrorKind.Signature => "Bitget could not verify the request signature. The stored secret (or RSA private key) does not belong to this API key; re-enter it. Not retried.",
            ExchangeErrorKind.Timestamp => "Bitget rejected the request timestamp even after resynchronizing with its clock. Check the host clock and the network delay to Bitget.",
            ExchangeErrorKind.RateLimited => "Bitget kept answering 'too many requests' after bounded back-off. Another client may share this key's 10 requests/s; give the kill switch its own key.",
            ExchangeErrorKind.ExchangeUnavailable => "Bitget was unavailable (server error, timeout or connection failure) after bounded retries. Retry shortly, or cancel from Bitget's app.",
            ExchangeErrorKind.BadRequest => "Bitget rejected the request parameters: check the product type and margin coin (upper case, e.g. USDT), and that receiveWindow is under 60 s.",
            ExchangeErrorKind.EnvironmentMismatch => "The environment and the key do not match: a demo key must be used with demo trading (demo: true or S-prefixed product types), and a live key without it.",
            ExchangeErrorKind.AccountModeMismatch => "The account is in the other mode (classic or Unified Trading Account) than the API used. If CancelAll:Exchange:AccountModes sets this account's mode, set it to auto or to the account's real mode.",
            ExchangeErrorKind.MalformedResponse => "Bitget's answer could not be read. The orders may or may not have been cancelled: check the account.",
            _ => "Bitget returned an unexpected error.",
        } + said;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
