using System.Security.Cryptography;
using System.Text;
using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Tests.Exchange;

public class BitgetSignerTests
{
    private const string Secret = "test-secret-0123456789";
    private const string Body = """{"productType":"USDT-FUTURES","marginCoin":"USDT"}""";

    private static ApiCredentials Hmac => new("bg_key", Secret, "pass");

    [Fact]
    public void Prehash_follows_the_documented_layout_without_a_query()
    {
        Assert.Equal(
            "1700000000000POST/api/v2/mix/order/cancel-all-orders" + Body,
            BitgetSigner.Prehash(1700000000000, "post", "/api/v2/mix/order/cancel-all-orders", null, Body));
    }

    [Fact]
    public void Prehash_puts_a_question_mark_before_the_query_and_signs_no_body_for_get()
    {
        Assert.Equal(
            "1700000000000GET/api/v2/mix/order/orders-pending?limit=100&productType=USDT-FUTURES",
            BitgetSigner.Prehash(1700000000000, "GET", "/api/v2/mix/order/orders-pending", "limit=100&productType=USDT-FUTURES", null));
    }

    // Expected values computed independently with OpenSSL 3.0:
    //   printf '%s' "$PREHASH" | openssl dgst -sha256 -hmac 'test-secret-0123456789' -binary | base64
    [Theory]
    [InlineData("POST", "/api/v2/mix/order/cancel-all-orders", null, Body, "Xxy4ke+bR5V4LCxt+j02o7LD3fPZ4kbSlWSerlrOz74=")]
    [InlineData("GET", "/api/v2/mix/order/orders-pending", "limit=100&productType=USDT-FUTURES&symbol=BTCUSDT", null, "w/5Xqz3RhWRFSpNhKnfya8IvVW+vbThsooEE6EG6vz0=")]
    public void Hmac_signature_matches_openssl(string method, string path, string? query, string? body, string expected)
    {
        Assert.Equal(expected, BitgetSigner.Sign(Hmac, BitgetSigner.Prehash(1700000000000, method, path, query, body)));
    }

    // Expected value computed independently with OpenSSL 3.0 (RSASSA-PKCS1-v1_5 is deterministic):
    //   printf '%s' "$PREHASH" | openssl dgst -sha256 -sign TestData/rsa-test-key.pem -binary | base64 -w0
    [Fact]
    public void Rsa_signature_matches_openssl()
    {
        var pem = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "rsa-test-key.pem"));
        var credentials = new ApiCredentials("bg_rsa", pem, "pass");
        Assert.True(credentials.IsRsa);
        Assert.Equal(
            "PyNKtgxj3FRuYckgr71TOHBLKcr17yjt31NHrmwEb4nxtIZ0dZx5XTI8wSRkhlrjn+OVhDY1EVd5RJsVHPgOKe3eQfHC/7vm2LU6F6t+hCWMLIu74y57gJCw5NGIPa6yCRd4+dXorNH71he3R4DSoj8wKhCiCA2xg7b3Nvzcm7AQNMm/ZONKC0axSbQ4qeWjLKqf/hfcQ3sLGp/Jupk2W2Quy9MkZk+FSctW9D1vVMTtY9vUz1Md/iUIt6/P7P6kvowm+6ZNZMsXnKemYcLpvRR+67yd3oL/IA8KJLwAkA4j65yCvvtvYQH0QqObsP0o75vY0otTp4282cjjzJD/XQ==",
            BitgetSigner.Sign(credentials, BitgetSigner.Prehash(1700000000000, "POST", "/api/v2/mix/order/cancel-all-orders", null, Body)));
    }

    [Fact]
    public void Rsa_signature_verifies_with_the_public_half()
    {
        using var rsa = RSA.Create(2048);
        var credentials = new ApiCredentials("bg_rsa", rsa.ExportPkcs8PrivateKeyPem(), "pass");
        var prehash = BitgetSigner.Prehash(1, "POST", "/p", null, "{}");
        var signature = Convert.FromBase64String(BitgetSigner.Sign(credentials, prehash));
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes(prehash), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Unreadable_pem_is_a_credentials_error_that_does_not_echo_the_key()
    {
        const string broken = "-----BEGIN PRIVATE KEY-----\nNOT-A-REAL-KEY-MATERIAL-1234567890\n-----END PRIVATE KEY-----";
        var e = Assert.Throws<ExchangeException>(() => BitgetSigner.Sign(new ApiCredentials("k", broken, "p"), "x"));
        Assert.Equal(ExchangeErrorKind.Credentials, e.Kind);
        Assert.DoesNotContain("NOT-A-REAL-KEY", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sorted_query_orders_keys_and_escapes_values()
    {
        Assert.Equal(
            "limit=100&productType=USDT-FUTURES&symbol=BTC%20USDT",
            BitgetSigner.SortedQuery([new("symbol", "BTC USDT"), new("productType", "USDT-FUTURES"), new("limit", "100")]));
    }

    [Fact]
    public void Credentials_redact_themselves()
    {
        var text = new ApiCredentials("bg_1234567890abcdef", Secret, "my-passphrase").ToString();
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("my-passphrase", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bg_1234567890abcdef", text, StringComparison.Ordinal);
        Assert.Contains("bg_1…cdef", text, StringComparison.Ordinal);
    }
}
