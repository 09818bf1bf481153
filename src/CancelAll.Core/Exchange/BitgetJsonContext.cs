using System.Text.Json.Serialization;

namespace CancelAll.Core.Exchange;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CancelAllOrdersBody))]
[JsonSerializable(typeof(BitgetEnvelope<CancelAllData>))]
[JsonSerializable(typeof(BitgetEnvelope<ServerTimeData>))]
[JsonSerializable(typeof(CancelPlanOrderBody))]
[JsonSerializable(typeof(ClosePositionsBody))]
[JsonSerializable(typeof(BitgetEnvelope<PendingOrdersData>))]
[JsonSerializable(typeof(BitgetEnvelope<IReadOnlyList<WirePosition>>))]
[JsonSerializable(typeof(BitgetEnvelope<ClosePositionsData>))]
internal sealed partial class BitgetJsonContext : JsonSerializerContext;
