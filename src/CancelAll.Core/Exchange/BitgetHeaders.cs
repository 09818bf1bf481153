namespace CancelAll.Core.Exchange;

internal static class BitgetHeaders
{
    public const string AccessKey = "ACCESS-KEY";
    public const string AccessSign = "ACCESS-SIGN";
    public const string AccessTimestamp = "ACCESS-TIMESTAMP";
    public const string AccessPassphrase = "ACCESS-PASSPHRASE";
    public const string Locale = "locale";
    public const string PaperTrading = "paptrading";
}
