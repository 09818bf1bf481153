using System.Text;
using CancelAll.Core.Exchange;
using CancelAll.Core.Outcomes;
using CancelAll.Core.Replies;

namespace CancelAll.Core.Tests.Exchange;

/// <summary>
/// The orders of an answer kept as UTF-8 (<see cref="Utf8Arena"/>) instead of strings: ids come out exact (escapes,
/// leading zeros, long numbers), V2 and V3 shapes split into cancelled and failed, and the outcome document writes
/// them byte for byte as the string path did.
/// </summary>
public sealed class OrderArenaTests
{
    private static CancelAllData V2(string json) =>
        Assert.IsType<BitgetEnvelope<CancelAllData>>(BitgetAnswer.Read(Encoding.UTF8.GetBytes(json), BitgetJsonContext.Default.BitgetEnvelopeCancelAllData).Envelope).Data!;

    private static V3CancelData V3(string json) =>
        Assert.IsType<BitgetEnvelope<V3CancelData>>(BitgetAnswer.Read(Encoding.UTF8.GetBytes(json), BitgetV3JsonContext.Default.BitgetEnvelopeV3CancelData).Envelope).Data!;

    [Fact]
    public void Escaped_ids_come_out_unescaped_as_strings_and_as_utf8()
    {
        var data = V2("""{"code":"00000","data":{"successList":[{"orderId":"12\u003345","clientOid":"\u0041b\"c\\d\u00e9"}]}}""");

        var order = Assert.Single(data.SuccessList);
        Assert.Equal("12345", order.OrderId);
        Assert.Equal("Ab\"c\\dé", order.ClientOid);
        Assert.True(order.OrderIdUtf8.SequenceEqual("12345"u8));
        Assert.True(order.ClientOidUtf8.SequenceEqual(Encoding.UTF8.GetBytes("Ab\"c\\dé")));
    }

    [Fact]
    public void Leading_zeros_long_numbers_and_empty_ids_stay_exact_and_null_stays_apart_from_empty()
    {
        var data = V2("""
            {"code":"00000","data":{"successList":[
              {"orderId":"000123","clientOid":""},
              {"orderId":98765432109876543210987654321,"clientOid":-1.50e+3},
              {"clientOid":null}]}}
            """);

        Assert.Equal(("000123", ""), (data.SuccessList[0].OrderId, data.SuccessList[0].ClientOid));
        Assert.True(data.SuccessList[0].HasClientOid);
        Assert.Equal(("98765432109876543210987654321", "-1.50e+3"), (data.SuccessList[1].OrderId, data.SuccessList[1].ClientOid));
        Assert.Equal((string.Empty, (string?)null), (data.SuccessList[2].OrderId, data.SuccessList[2].ClientOid));
        Assert.False(data.SuccessList[2].HasClientOid);
        Assert.NotEqual(new CancelledOrder("1", ""), new CancelledOrder("1", null));
        Assert.Equal(new CancelledOrder("", null), default);
    }

    [Fact]
    public void A_cancelled_order_skips_error_fields_and_a_failed_order_keeps_its_message()
    {
        var data = V2("""
            {"code":"00000","data":{
              "successList":[{"errorCode":"x","orderId":"1","errorMsg":"y"}],
              "failureList":[{"errorMsg":"order is being filled \u2013 try later","errorCode":"22002","orderId":"2","clientOid":"c2"}]}}
            """);

        Assert.Equal([new CancelledOrder("1", null)], data.SuccessList);
        Assert.Equal([new FailedOrder("2", "c2", "22002", "order is being filled – try later")], data.FailureList);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(10_000)]
    public void Every_order_of_an_answer_reads_exactly_and_in_order(int count)
    {
        var json = new StringBuilder("""{"code":"00000","msg":"success","data":{"successList":[""");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"orderId\":\"").Append(1_100_000_000_000_000_000L + i).Append("\",\"clientOid\":\"cli-").Append(i).Append("\"}");
        }

        var orders = V2(json.Append("],\"failureList\":[]}}").ToString()).SuccessList;

        Assert.Equal(count, orders.Count);
        var ids = Enumerable.Range(0, count).Select(i => (1_100_000_000_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ids, orders.Select(o => o.OrderId));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal("cli-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), orders[i].ClientOid);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => orders[count]);
    }

    [Fact]
    public void Reading_10000_orders_allocates_well_under_100_bytes_per_order()
    {
        const int Count = 10_000;
        var json = new StringBuilder("""{"code":"00000","msg":"success","data":{"successList":[""");
        for (var i = 0; i < Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"orderId\":\"").Append(1_100_000_000_000_000_000L + i).Append("\",\"clientOid\":\"cli-").Append(1_100_000_000_000_000_000L + i).Append("\"}");
        }

        var body = Encoding.UTF8.GetBytes(json.Append("],\"failureList\":[]}}").ToString());
        BitgetAnswer.Read(body, BitgetJsonContext.Default.BitgetEnvelopeCancelAllData);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var answer = BitgetAnswer.Read(body, BitgetJsonContext.Default.BitgetEnvelopeCancelAllData);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Count, ((BitgetEnvelope<CancelAllData>)answer.Envelope!).Data!.SuccessList.Count);
        // Per order: the id bytes (19 + 23) and their slots (16); the rest (envelope, pages, code, msg) is per answer.
        Assert.True(allocated < 64L * Count, $"{allocated / (double)Count:0.0} B per order");
    }

    [Fact]
    public void An_id_that_is_not_valid_utf8_makes_the_answer_read_for_its_code_alone()
    {
        var body = Encoding.UTF8.GetBytes("""{"code":"00000","msg":"success","data":{"successList":[{"orderId":"1X"}]}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;

        var answer = BitgetAnswer.Read(body, BitgetJsonContext.Default.BitgetEnvelopeCancelAllData);

        Assert.Null(answer.Envelope);
        Assert.Equal("00000", answer.Code);
    }

    [Fact]
    public void V3_items_split_into_cancelled_and_failed_whatever_the_order_of_their_fields()
    {
        var data = V3("""
            {"code":"00000","msg":"success","requestTime":1,"data":{"list":[
              {"orderId":"1","clientOid":"a"},
              {"orderId":"2","clientOid":null,"msg":"order not found","x":{"code":"25204"},"code":"25204"},
              {"code":"00000","orderId":"3","clientOid":"c"},
              {"orderId":"4","code":""},
              {"orderId":"5","code":null,"msg":"no code"}],"extra":[1]}}
            """);

        Assert.Equal([new CancelledOrder("1", "a"), new CancelledOrder("3", "c"), new CancelledOrder("4", null), new CancelledOrder("5", null)], data.Cancelled);
        Assert.Equal([new FailedOrder("2", null, "25204", "order not found")], data.Failed);
    }

    [Theory]
    [InlineData("""{"code":"00000","msg":"success","data":{"list":[]}}""")]
    [InlineData("""{"code":"00000","msg":"success","data":{"list":null}}""")]
    [InlineData("""{"code":"00000","msg":"success","data":{}}""")]
    public void V3_empty_null_and_missing_lists_read_as_nothing(string json)
    {
        var data = V3(json);

        Assert.Empty(data.Cancelled);
        Assert.Empty(data.Failed);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"code":"00000","msg":"success","data":{"list":[{"orderId":"1","code":""")]
    [InlineData("")]
    public void V3_truncated_and_html_answers_are_unreadable(string body)
    {
        Assert.Same(BitgetAnswer.Unreadable, BitgetAnswer.Read(Encoding.UTF8.GetBytes(body), BitgetV3JsonContext.Default.BitgetEnvelopeV3CancelData));
    }

    [Fact]
    public void A_v3_error_answer_with_other_data_is_read_for_its_code_alone()
    {
        var answer = BitgetAnswer.Read("""{"code":"40084","msg":"classic account","data":"not a list"}"""u8, BitgetV3JsonContext.Default.BitgetEnvelopeV3CancelData);

        Assert.Null(answer.Envelope);
        Assert.Equal("40084", answer.Code);
    }

    [Fact]
    public void The_outcome_document_writes_parsed_ids_byte_for_byte_as_the_string_path_did()
    {
        var data = V2("""
            {"code":"00000","data":{"successList":[{"orderId":"\u0031\u0032","clientOid":"a\"b\u00e9<"},{"orderId":"3","clientOid":null}],
              "failureList":[{"orderId":"4","clientOid":"c\u0041","errorCode":"22002","errorMsg":"being \"filled\""}]}}
            """);
        var target = new TargetOutcome("USDT-FUTURES", null, "Live", OutcomeStatus.PartiallyFailed, data.SuccessList, data.FailureList, null, 1, 0, 10);
        var now = DateTimeOffset.UnixEpoch;
        var outcome = new CancelOutcome("corr", "http", "main", OutcomeStatus.PartiallyFailed, null, false, now, now, [target], null);

        var json = ReplyJsonContext.Serialize(ReplyMapper.ToDocument(outcome));

        // What System.Text.Json's default encoder wrote for these strings before (main): same escapes, same order.
        Assert.Contains("""
            "cancelled":[{"orderId":"12","clientOid":"a\u0022b\u00E9\u003C"},{"orderId":"3"}],"failed":[{"orderId":"4","clientOid":"cA","errorCode":"22002","errorMessage":"being \u0022filled\u0022"}]
            """.Trim(), json, StringComparison.Ordinal);
        var read = ReplyJsonContext.Deserialize(json)!.Targets.Single();
        Assert.Equal([new ReplyCancelledOrder("12", "a\"bé<"), new ReplyCancelledOrder("3", null)], read.Cancelled);
        Assert.Equal([new ReplyFailedOrder("4", "cA", "22002", "being \"filled\"")], read.Failed);
    }
}
