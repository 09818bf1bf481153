namespace CancelAll.Core.Commands;

/// <summary>Input that can never succeed. The message names the field and says how to fix it.</summary>
public sealed class CommandValidationException : Exception
{
    public CommandValidationException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    public CommandValidationException()
    {
        Field = string.Empty;
    }

    public CommandValidationException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public CommandValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public string Field { get; }
}
