using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CancelAll.Core.Hold;

/// <summary>
/// The body of a scheduled repeat on the request queue: <c>{"holdRepeat":{"target":"&lt;row key&gt;","slot":N}}</c>.
/// The row holds the rest (account, target, scope, holds), so a release or an extension reaches repeats already
/// scheduled. Slot N runs at N × interval after the Unix epoch.
/// </summary>
public sealed record HoldRepeat(string Target, long Slot)
{
    /// <summary>The deterministic MessageId (target + slot): Service Bus duplicate detection drops a second copy.</summary>
    public string MessageId
    {
        get
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Target)))[..24];
            return $"hold-{hash}-{Slot.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }
    }

    public static long SlotAt(DateTimeOffset time, TimeSpan interval) => time.ToUnixTimeMilliseconds() / (long)interval.TotalMilliseconds;

    public static DateTimeOffset TimeOf(long slot, TimeSpan interval) => DateTimeOffset.FromUnixTimeMilliseconds(slot * (long)interval.TotalMilliseconds);

    public string ToJson() => JsonSerializer.Serialize(new HoldRepeatBody(this), HoldJsonContext.Default.HoldRepeatBody);

    /// <summary>Reads a repeat; null for any other body (a command goes its usual way).</summary>
    public static HoldRepeat? TryRead(string body)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains("\"holdRepeat\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var read = JsonSerializer.Deserialize(body, HoldJsonContext.Default.HoldRepeatBody);
            return read?.HoldRepeat is { Target.Length: > 0 } repeat ? repeat : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record HoldRepeatBody(HoldRepeat HoldRepeat);
