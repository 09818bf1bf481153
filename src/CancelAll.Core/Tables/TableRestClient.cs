using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;

namespace CancelAll.Core.Tables;

/// <summary>
/// One table of the Table service's REST API over an <see cref="HttpClient"/> from IHttpClientFactory (named
/// <see cref="HttpClientName"/>: retries and timeouts, then <see cref="TableAuthorizationHandler"/>), made per request
/// (cheap) so the factory can rotate its handlers, as it cannot for a client kept for the process lifetime. Facts from
/// learn.microsoft.com/rest/api/storageservices:
/// <list type="bullet">
/// <item>every request: <c>x-ms-version</c> <see cref="Version"/> (2017-11-09 or later for Entra ID tokens),
/// <c>x-ms-date</c> in RFC 1123, <c>DataServiceVersion: 3.0</c>, <c>MaxDataServiceVersion: 3.0;NetFx</c> (JSON needs
/// OData 3.0, "Setting the OData data service version headers");</item>
/// <item>JSON bodies (<c>Content-Type: application/json</c>) and <c>Accept: application/json;odata=nometadata</c>, except
/// Query Entities, which asks for <c>minimalmetadata</c>: only then does each row carry its <c>odata.etag</c>, which the
/// conditional writes need (a point read has the ETag header);</item>
/// <item>Insert Entity is <c>POST /table</c> (409 EntityAlreadyExists when the row exists); Update Entity is <c>PUT</c>
/// and Merge Entity is <c>MERGE</c> on <c>/table(PartitionKey='pk',RowKey='rk')</c>, and Delete Entity is <c>DELETE</c>
/// there, each with <c>If-Match</c> (an ETag, or <c>*</c>); a stale ETag gets 412 UpdateConditionNotSatisfied;
/// <c>Prefer: return-no-content</c> makes Insert answer 204 with the new <c>ETag</c> header, as Update and Merge do;</item>
/// <item>an ETag is opaque, e.g. <c>W/"datetime'2026-11-30T12%3A00%3A00.1234567Z'"</c>: it is sent back as read;</item>
/// <item>Query Entities returns at most 1,000 rows per answer; more come with <c>x-ms-continuation-NextPartitionKey</c> and
/// <c>x-ms-continuation-NextRowKey</c>, passed back as the <c>NextPartitionKey</c>/<c>NextRowKey</c> query parameters
/// with the same filter ("Query timeout and pagination");</item>
/// <item>errors: <c>{"odata.error":{"code":...}}</c> (also the <c>x-ms-error-code</c> header); a missing table is 404
/// TableNotFound, a missing row 404 ResourceNotFound.</item>
/// </list>
/// An insert or conditional write carries a new <see cref="WriteIdColumn"/>: the service may have written a row whose
/// answer was lost (a reset, an attempt timeout), and then the retry meets that write (409 or 412). A 409/412 on a
/// retried attempt (<see cref="TableAuthorizationHandler.Attempt"/> 2 or later) re-reads the row: if it carries this
/// write's id, the write succeeded and its ETag is the row's. A first attempt's 409/412 is another writer's: a lost race.
/// Failures are <see cref="RequestFailedException"/>s (status 0 when there was no answer), as the Azure SDK's were, with a
/// message that says what to check and carries neither the key nor the token.
/// </summary>
internal sealed class TableRestClient(IHttpClientFactory httpClients, TableAccount account, TableAuthorization authorization, string tableName, string section)
{
    public const string HttpClientName = "CancelAll.Tables";

    public const string Version = "2019-02-02";

    private const string NoMetadata = "application/json;odata=nometadata";
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";
    private static readonly HttpMethod Merge = new("MERGE");

    /// <summary>The column that names the last write of a row (a new GUID each write); readers ignore it.</summary>
    public const string WriteIdColumn = "WriteId";

    /// <summary>Create Table; an existing table (409 TableAlreadyExists) is fine.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "Tables", NoMetadata);
        request.Content = Json(JsonSerializer.SerializeToUtf8Bytes(new TableCreation(tableName), TablesJsonContext.Default.TableCreation));
        using var response = await SendAsync(request, "create the table", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.NoContent or HttpStatusCode.Conflict))
        {
            throw await FailureAsync(response, "create the table", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Get Entity: the row, or null when it does not exist.</summary>
    public async Task<T?> GetAsync<T>(string partition, string rowKey, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : class, ITableRow
    {
        using var request = Request(HttpMethod.Get, EntityPath(partition, rowKey), NoMetadata);
        using var response = await SendAsync(request, "read a row", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false) != "TableNotFound")
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync(response, "read a row", cancellationToken).ConfigureAwait(false);
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return TableEntityJson.Read(body.RootElement, contract, Header(response, "ETag"));
    }

    /// <summary>Query Entities for one partition, every page.</summary>
    public async Task<IReadOnlyList<T>> QueryPartitionAsync<T>(string partition, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : ITableRow
    {
        var filter = "$filter=" + Uri.EscapeDataString($"PartitionKey eq '{Quoted(partition)}'");
        var rows = new List<T>();
        string? continuation = null;
        do
        {
            using var request = Request(HttpMethod.Get, Uri.EscapeDataString(tableName) + "()?" + filter + continuation, MinimalMetadata);
            using var response = await SendAsync(request, "list the rows", cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, "list the rows", cancellationToken).ConfigureAwait(false);
            }

            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var row in body.RootElement.GetProperty("value").EnumerateArray())
            {
                rows.Add(TableEntityJson.Read(row, contract));
            }

            continuation = Continuation(response);
        }
        while (continuation is not null);

        return rows;
    }

    /// <summary>Insert Entity: the new ETag, or null when the row exists already (409).</summary>
    public async Task<ETag?> TryInsertAsync<T>(T entity, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : ITableRow
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var request = Request(HttpMethod.Post, Uri.EscapeDataString(tableName), NoMetadata);
        request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
        var writeId = NewWriteId();
        request.Content = Json(TableEntityJson.Write(entity, contract, writeId));
        return await WrittenAsync(request, entity, writeId, "insert a row", HttpStatusCode.Conflict, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Update Entity (replace) if the row is still at <paramref name="expected"/>: the new ETag, or null on 412.</summary>
    public Task<ETag?> TryReplaceAsync<T>(T entity, ETag expected, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : ITableRow =>
        TryWriteAsync(HttpMethod.Put, entity, expected, contract, "replace a row", cancellationToken);

    /// <summary>Merge Entity: writes only the given columns if the row is still at <paramref name="expected"/> (<see cref="ETag.All"/>: whatever it is).</summary>
    public Task<ETag?> TryMergeAsync<T>(T columns, ETag expected, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : ITableRow =>
        TryWriteAsync(Merge, columns, expected, contract, "merge into a row", cancellationToken);

    /// <summary>Delete Entity if the row is still at <paramref name="expected"/>: true when it is gone (also when it was gone before), false on 412.</summary>
    public async Task<bool> TryDeleteAsync(string partition, string rowKey, ETag expected, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, EntityPath(partition, rowKey), NoMetadata);
        request.Headers.TryAddWithoutValidation("If-Match", expected.ToString());
        using var response = await SendAsync(request, "delete a row", cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NoContent:
                return true;
            case HttpStatusCode.PreconditionFailed:
                return false;
            case HttpStatusCode.NotFound when await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false) != "TableNotFound":
                return true;
            default:
                throw await FailureAsync(response, "delete a row", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ETag?> TryWriteAsync<T>(HttpMethod method, T entity, ETag expected, JsonTypeInfo<T> contract, string what, CancellationToken cancellationToken)
        where T : ITableRow
    {
        using var request = Request(method, EntityPath(entity.PartitionKey, entity.RowKey), NoMetadata);
        request.Headers.TryAddWithoutValidation("If-Match", expected.ToString());
        var writeId = NewWriteId();
        request.Content = Json(TableEntityJson.Write(entity, contract, writeId));
        return await WrittenAsync(request, entity, writeId, what, HttpStatusCode.PreconditionFailed, cancellationToken).ConfigureAwait(false);
    }

    private static string NewWriteId() => Guid.NewGuid().ToString("N");

    private async Task<ETag?> WrittenAsync(HttpRequestMessage request, ITableRow row, string writeId, string what, HttpStatusCode lostRace, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == lostRace)
        {
            var retried = request.Options.TryGetValue(TableAuthorizationHandler.Attempt, out var attempt) && attempt > 1;
            return retried ? await OwnWriteAsync(row, writeId, cancellationToken).ConfigureAwait(false) : null;
        }

        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.Created) || Header(response, "ETag") is not { } etag)
        {
            throw await FailureAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        return new ETag(etag);
    }

    // After a retried write's 409/412: the row's ETag if the row carries this write's id (an earlier attempt wrote it and
    // its answer was lost), else null (another writer's change: a lost race).
    private async Task<ETag?> OwnWriteAsync(ITableRow row, string writeId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, EntityPath(row.PartitionKey, row.RowKey), NoMetadata);
        using var response = await SendAsync(request, "read a row back after a retried write", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false) != "TableNotFound")
        {
            return null;
        }

        if (response.StatusCode != HttpStatusCode.OK || Header(response, "ETag") is not { } etag)
        {
            throw await FailureAsync(response, "read a row back after a retried write", cancellationToken).ConfigureAwait(false);
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var ours = body.RootElement.TryGetProperty(WriteIdColumn, out var written)
            && written.ValueKind == JsonValueKind.String
            && written.ValueEquals(writeId);
        return ours ? new ETag(etag) : null;
    }

    private HttpRequestMessage Request(HttpMethod method, string relative, string accept)
    {
        var request = new HttpRequestMessage(method, new Uri(account.ServiceUri, relative));
        request.Headers.TryAddWithoutValidation("x-ms-version", Version);
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Options.Set(TableAuthorizationHandler.Authorization, authorization);
        return request;
    }

    // Keys are quoted OData string literals (a quote doubled), then escaped for the path.
    private string EntityPath(string partition, string rowKey) =>
        $"{Uri.EscapeDataString(tableName)}(PartitionKey='{Uri.EscapeDataString(Quoted(partition))}',RowKey='{Uri.EscapeDataString(Quoted(rowKey))}')";

    private static string Quoted(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string? Continuation(HttpResponseMessage response)
    {
        var nextPartition = Header(response, "x-ms-continuation-NextPartitionKey");
        if (nextPartition is null)
        {
            return null;
        }

        var nextRow = Header(response, "x-ms-continuation-NextRowKey");
        return "&NextPartitionKey=" + Uri.EscapeDataString(nextPartition) + (nextRow is null ? string.Empty : "&NextRowKey=" + Uri.EscapeDataString(nextRow));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } value ? value : null;

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Only the type: a network failure's message may carry anything.
            if (authorization.StillWaitingFor is { } pending)
            {
                throw new RequestFailedException(0, $"Gave up asking the table at {account.ServiceUri.Host} to {what} ({e.GetType().Name}, after retries) while waiting for {pending}.", "TokenUnavailable", e);
            }

            throw new RequestFailedException(0, $"The table service at {account.ServiceUri.Host} did not answer when asked to {what} ({e.GetType().Name}, after retries): check {section}:TableEndpoint or TableConnectionString and the network path to it.", e);
        }
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (Header(response, "x-ms-error-code") is { } code)
        {
            return code;
        }

        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, TablesJsonContext.Default.TableErrorAnswer)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The service's reason for refusing a token (its XML error's AuthenticationErrorDetail, e.g. "Lifetime validation
    // failed. The token is expired."), as " (reason)"; empty when there is none. Server text about the token, never the token.
    private static async Task<string> AuthenticationDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const string Open = "<AuthenticationErrorDetail>";
        const string Close = "</AuthenticationErrorDetail>";
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var start = body.IndexOf(Open, StringComparison.Ordinal);
        var end = start < 0 ? -1 : body.IndexOf(Close, start, StringComparison.Ordinal);
        if (end < 0)
        {
            return string.Empty;
        }

        var detail = WebUtility.HtmlDecode(body[(start + Open.Length)..end]).Trim();
        detail = string.Concat(detail.Where(c => !char.IsControl(c)));
        return detail.Length == 0 ? string.Empty : " (" + (detail.Length > 200 ? detail[..200] + "..." : detail) + ")";
    }

    private async Task<RequestFailedException> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var code = await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);

        // The token itself was refused (expired, for another audience or tenant), as opposed to a valid identity that
        // lacks the role (403 AuthorizationPermissionMismatch): the next call must not send it again.
        var tokenRefused = account.Key is null && (status == 401 || (status == 403 && code is "AuthenticationFailed" or "InvalidAuthenticationInfo"));
        if (tokenRefused && response.RequestMessage is { } sent)
        {
            authorization.Refused(sent);
        }

        var hint = (status, code) switch
        {
            (404, "TableNotFound") => $"table '{tableName}' does not exist: check {section}:TableName (in Azure the deployment creates it; with a connection string the app does).",
            (403, _) when account.Key is not null => $"the account key was refused: check AccountName and AccountKey in {section}:TableConnectionString.",
            _ when tokenRefused => $"it refused the app's token{await AuthenticationDetailAsync(response, cancellationToken).ConfigureAwait(false)}. The token must be an Entra ID token for {BearerTokenAuthorization.Scope} from the storage account's tenant, and current: check the app's identity (CancelAll:ManagedIdentityClientId in Azure, az login on a terminal) and this machine's clock. The next call asks for a new token.",
            (401 or 403, _) => "the app's identity was refused: give it the Storage Table Data Contributor role on the storage account.",
            (429, _) or (503, "ServerBusy") or (500, "OperationTimedOut") => string.Create(CultureInfo.InvariantCulture, $"the table service is busy (it throttles the storage account) and stayed so through {AppTable.Retries} retries: try again in a few seconds, and if it lasts, look for another app sending to the same storage account."),
            _ => $"check {section}:TableEndpoint or TableConnectionString and the table service's health.",
        };
        var answered = string.Create(CultureInfo.InvariantCulture, $"HTTP {status}{(code is null ? string.Empty : " " + code)}");
        return new RequestFailedException(status, $"The table service answered {answered} when asked to {what}: {hint}", code, null);
    }
}
