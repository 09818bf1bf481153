namespace CancelAll.Core.Exchange;

/// <summary>A position that close-positions could not close, with Bitget's reason.</summary>
public sealed record FailedClose(string? Symbol, string? ErrorCode, string? ErrorMessage);
