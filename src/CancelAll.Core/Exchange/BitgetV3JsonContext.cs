using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(V3CategoryBody))]
[JsonSerializable(typeof(V3ClosePositionsBody))]
[JsonSerializable(typeof(V3CancelStrategyBody))]
[JsonSerializable(typeof(BitgetEnvelope<V3ResultList>))]
[JsonSerializable(typeof(BitgetEnvelope<V3CancelData>))]
[JsonSerializable(typeof(BitgetEnvelope<V3OrderPage>))]
[JsonSerializable(typeof(BitgetEnvelope<IReadOnlyList<V3StrategyOrder>>))]
[JsonSerializable(typeof(BitgetEnvelope<V3ResultItem>))]
[JsonSerializable(typeof(BitgetEnvelope<V3PositionList>))]
[JsonSerializable(typeof(BitgetEnvelope<V3AccountSettings>))]
internal sealed partial class BitgetV3JsonContext : JsonSerializerContext;
