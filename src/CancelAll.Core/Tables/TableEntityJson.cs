using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;

namespace CancelAll.Core.Tables;

/// <summary>
/// A row as the Table service's OData JSON ("Payload format for Table service operations",
/// learn.microsoft.com/rest/api/storageservices/payload-format-for-table-service-operations): strings, Edm.Int32 and
/// Edm.Boolean as plain JSON; Edm.Int64 as a string with <c>"Name@odata.type":"Edm.Int64"</c> and Edm.DateTime as an
/// ISO 8601 UTC string with <c>"Name@odata.type":"Edm.DateTime"</c> (without the annotation the service would store a
/// string). A null property is left out, as absent and null are the same to the service. The columns are the
/// properties the source-generated contract lists, so no reflection runs, and the write's id when one is given.
/// </summary>
internal static class TableEntityJson
{
    public static byte[] Write<T>(T entity, JsonTypeInfo<T> contract, string? writeId = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(contract);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in contract.Properties)
            {
                var name = property.Name;
                switch (property.Get?.Invoke(entity))
                {
                    case null:
                        break;
                    case string text:
                        writer.WriteString(name, text);
                        break;
                    case int number:
                        writer.WriteNumber(name, number);
                        break;
                    case bool flag:
                        writer.WriteBoolean(name, flag);
                        break;
                    case long number:
                        writer.WriteString(name + "@odata.type", "Edm.Int64");
                        writer.WriteString(name, number.ToString(CultureInfo.InvariantCulture));
                        break;
                    case DateTimeOffset time:
                        writer.WriteString(name + "@odata.type", "Edm.DateTime");
                        writer.WriteString(name, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                        break;
                    case var other:
                        throw new NotSupportedException($"{typeof(T).Name}.{name} is a {other.GetType().Name}: a table column here is a string, int, long, bool or DateTimeOffset.");
                }
            }

            if (writeId is not null)
            {
                writer.WriteString(TableRestClient.WriteIdColumn, writeId);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>One row of an answer; its ETag from <c>odata.etag</c> (a query's rows, minimal metadata) or <paramref name="etag"/> (the ETag header of a point read).</summary>
    public static T Read<T>(JsonElement row, JsonTypeInfo<T> contract, string? etag = null)
        where T : ITableRow
    {
        var entity = row.Deserialize(contract) ?? throw new JsonException("The table service answered null for a row.");
        etag ??= row.TryGetProperty("odata.etag", out var annotated) ? annotated.GetString() : null;
        entity.ETag = etag is null ? default : new ETag(etag);
        return entity;
    }
}
