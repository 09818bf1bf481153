using System.Globalization;

namespace CancelAll.Core.Tables;

/// <summary>
/// Where the app's table service is and how a request to it is signed: with the account key of a connection string
/// (Azurite, or an account that allows Shared Key), or with a token from the app's identity (Azure). Never printed:
/// it holds the key.
/// </summary>
internal sealed class TableAccount
{
    // Azurite's documented development account (UseDevelopmentStorage=true): it opens nothing but the local emulator.
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Uri DevelopmentEndpoint = new("http://127.0.0.1:10002/devstoreaccount1/");

    private TableAccount(Uri serviceUri, string? name, byte[]? key)
    {
        ServiceUri = serviceUri;
        Name = name;
        Key = key;
    }

    /// <summary>The table service's address, ending in '/': https://ACCOUNT.table.core.windows.net/, or Azurite's http://HOST:PORT/ACCOUNT/.</summary>
    public Uri ServiceUri { get; }

    /// <summary>The account name Shared Key signs for; null with a token.</summary>
    public string? Name { get; }

    /// <summary>The account key (decoded); null when the app's identity signs instead.</summary>
    public byte[]? Key { get; }

    public static TableAccount FromEndpoint(Uri endpoint) => new(WithSlash(endpoint), null, null);

    /// <summary>
    /// Reads a storage connection string: <c>UseDevelopmentStorage=true</c>, or <c>AccountName</c> and <c>AccountKey</c>
    /// with <c>TableEndpoint</c> (or <c>DefaultEndpointsProtocol</c> and <c>EndpointSuffix</c>). Errors name the setting
    /// and the missing part, never the value.
    /// </summary>
    public static TableAccount FromConnectionString(string connectionString, string setting)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new TableSettingsException($"{setting} is not a storage connection string: every part is NAME=VALUE, separated by ';' (e.g. UseDevelopmentStorage=true for Azurite).");
            }

            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new TableAccount(DevelopmentEndpoint, DevelopmentAccount, Convert.FromBase64String(DevelopmentKey));
        }

        if (!parts.TryGetValue("AccountName", out var name) || string.IsNullOrEmpty(name)
            || !parts.TryGetValue("AccountKey", out var encodedKey) || string.IsNullOrEmpty(encodedKey))
        {
            throw new TableSettingsException($"{setting} needs AccountName and AccountKey (Shared Key; a SAS is not supported), or UseDevelopmentStorage=true for Azurite. In Azure, set TableEndpoint instead: the app's identity signs.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(encodedKey);
        }
        catch (FormatException)
        {
            throw new TableSettingsException($"{setting}: AccountKey is not base64. Copy the key again from the storage account's access keys.");
        }

        Uri? endpoint;
        if (parts.TryGetValue("TableEndpoint", out var given))
        {
            if (!Uri.TryCreate(given, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new TableSettingsException($"{setting}: TableEndpoint is not an absolute http(s) address.");
            }
        }
        else
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"{protocol}://{name}.table.{suffix}/"));
        }

        return new TableAccount(WithSlash(endpoint), name, key);
    }

    private static Uri WithSlash(Uri endpoint) =>
        endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
}
