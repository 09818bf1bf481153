using System.Text.Json.Serialization;
using CancelAll.Core.DeadMan;
using CancelAll.Core.Hold;

namespace CancelAll.Core.Tables;

/// <summary>
/// The rows and bodies the table client reads and writes, source-generated (no reflection: Native AOT). Edm.Int64
/// values arrive as JSON strings, hence AllowReadingFromString.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(HoldEntity))]
[JsonSerializable(typeof(HeartbeatEntity))]
[JsonSerializable(typeof(CountdownColumns))]
[JsonSerializable(typeof(TableCreation))]
[JsonSerializable(typeof(TableErrorAnswer))]
internal sealed partial class TablesJsonContext : JsonSerializerContext;

/// <summary>The body of Create Table.</summary>
internal sealed record TableCreation(string TableName);

/// <summary>An error answer: <c>{"odata.error":{"code":"...","message":{"lang":"en-US","value":"..."}}}</c>.</summary>
internal sealed record TableErrorAnswer([property: JsonPropertyName("odata.error")] TableError? Error);

internal sealed record TableError([property: JsonPropertyName("code")] string? Code);
