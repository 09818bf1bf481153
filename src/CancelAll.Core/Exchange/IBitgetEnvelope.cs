namespace CancelAll.Core.Exchange;

/// <summary>What every envelope shares, whatever its data: <see cref="BitgetAnswer"/> reads the code through it.</summary>
internal interface IBitgetEnvelope
{
    string? Code { get; }

    string? Msg { get; }
}
