namespace CancelAll.Core.Tables;

/// <summary>
/// The table settings are wrong (a connection string without a key, no endpoint, a token over http): the message names
/// the setting and what to fix, never its value. Distinct from a failure on the way or at the service, so a caller
/// (the CLI) can tell bad input from a fault.
/// </summary>
public sealed class TableSettingsException : InvalidOperationException
{
    public TableSettingsException()
    {
    }

    public TableSettingsException(string message)
        : base(message)
    {
    }

    public TableSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
