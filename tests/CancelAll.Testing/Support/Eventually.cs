using System.Diagnostics;

namespace CancelAll.Core.Tests.Support;

/// <summary>Waits for a state another thread brings about. The bound is generous: it only turns a hang into a failure.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Still not true after 30 s: {what}.");
            }

            await Task.Delay(5);
        }
    }
}
