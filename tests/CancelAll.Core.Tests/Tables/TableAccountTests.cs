using CancelAll.Core.Tables;

namespace CancelAll.Core.Tests.Tables;

/// <summary>The table settings read as the Azure SDK read them, so no deployment or local setting has to change.</summary>
public sealed class TableAccountTests
{
    private const string Setting = "CancelAll:Hold:TableConnectionString";
    private const string Key = "a2V5LWJ5dGVzLWZvci10aGUtdGVzdA==";

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "http://127.0.0.1:10002/devstoreaccount1/", "devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + Key + ";TableEndpoint=http://127.0.0.1:5555/devstoreaccount1;", "http://127.0.0.1:5555/devstoreaccount1/", "devstoreaccount1")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=" + Key + ";EndpointSuffix=core.windows.net", "https://acct1.table.core.windows.net/", "acct1")]
    [InlineData("AccountName=acct1;AccountKey=" + Key, "https://acct1.table.core.windows.net/", "acct1")]
    public void A_connection_string_gives_the_table_service_address_and_the_account_that_signs(string connectionString, string serviceUri, string account)
    {
        var parsed = TableAccount.FromConnectionString(connectionString, Setting);

        Assert.Equal((serviceUri, account), (parsed.ServiceUri.AbsoluteUri, parsed.Name));
        Assert.NotNull(parsed.Key);
    }

    [Theory]
    [InlineData("AccountName=acct1", "needs AccountName and AccountKey")]
    [InlineData("AccountName=acct1;AccountKey=not*base64", "AccountKey is not base64")]
    [InlineData("AccountName=acct1;AccountKey=" + Key + ";TableEndpoint=ftp://x/", "TableEndpoint is not an absolute http(s) address")]
    [InlineData("just-some-text", "is not a storage connection string")]
    public void A_bad_connection_string_names_the_setting_and_the_fix_without_echoing_it(string connectionString, string expected)
    {
        var e = Assert.Throws<TableSettingsException>(() => TableAccount.FromConnectionString(connectionString, Setting));

        Assert.StartsWith(Setting, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endpoint_is_taken_as_given_with_a_trailing_slash_and_signs_with_no_key()
    {
        var parsed = TableAccount.FromEndpoint(new Uri("https://acct1.table.core.windows.net"));

        Assert.Equal("https://acct1.table.core.windows.net/", parsed.ServiceUri.AbsoluteUri);
        Assert.Null(parsed.Key);
    }
}
