namespace CancelAll.Core.Kill;

/// <summary>How verify behaves. Bound from the configuration section <c>CancelAll:Flatten</c>.</summary>
public sealed class FlattenOptions
{
    public const string Section = "CancelAll:Flatten";

    /// <summary>How long verify keeps re-running the missing steps before it reports what is left.</summary>
    public TimeSpan VerifyDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause between two verify rounds.</summary>
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
