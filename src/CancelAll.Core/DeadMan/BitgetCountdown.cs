using System.Globalization;
using System.Text.Json;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.DeadMan;

/// <summary>
/// The countdown as one signed V3 call through the shared Bitget client, so it gets the same signing, per-key rate
/// limit, retries and error vocabulary as every other call.
/// </summary>
internal sealed class BitgetCountdown(BitgetClient client) : IExchangeCountdown
{
    public async Task RefreshAsync(ApiCredentials credentials, int seconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (seconds != 0 && seconds is < IExchangeCountdown.MinSeconds or > IExchangeCountdown.MaxSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Bitget's countdown takes 5 to 60 seconds, or 0 to switch it off.");
        }

        var body = JsonSerializer.Serialize(new CountdownBody(seconds.ToString(CultureInfo.InvariantCulture)), CountdownJsonContext.Default.CountdownBody);
        await client.SendAsync(
            credentials,
            () => new BitgetRequest(HttpMethod.Post, BitgetEndpoints.V3CountdownCancelAll, null, body, credentials.Demo),
            CountdownJsonContext.Default.BitgetEnvelopeJsonElement,
            cancellationToken).ConfigureAwait(false);
    }
}
