using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Startup;

internal static partial class StartupJitProfileLog
{
    [LoggerMessage(Message = "Start-up: {Status}")]
    public static partial void Status(ILogger logger, LogLevel level, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up: the JIT profile of this start (start-up and warm-up) is written to {File} for the next start")]
    public static partial void Saved(ILogger logger, string file);
}
