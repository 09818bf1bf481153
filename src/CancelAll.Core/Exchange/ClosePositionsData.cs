using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

internal sealed record ClosePositionsData(
    [property: JsonPropertyName("successList")] IReadOnlyList<WireCloseItem>? SuccessList,
    [property: JsonPropertyName("failureList")] IReadOnlyList<WireCloseItem>? FailureList);
