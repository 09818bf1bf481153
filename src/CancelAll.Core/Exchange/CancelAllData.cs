using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record CancelAllData(
    [property: JsonPropertyName("successList")] IReadOnlyList<WireCancelledOrder>? SuccessList,
    [property: JsonPropertyName("failureList")] IReadOnlyList<WireFailedOrder>? FailureList);
