using System.Text.Json;
using System.Text.Json.Serialization;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.DeadMan;

// The answer's data is "success" in Bitget's docs; read it as any JSON so a different shape is not an error.
[JsonSerializable(typeof(CountdownBody))]
[JsonSerializable(typeof(BitgetEnvelope<JsonElement>))]
internal sealed partial class CountdownJsonContext : JsonSerializerContext;
