using System.Text;
using CancelAll.Core.Exchange;

namespace CancelAll.Core.Tests.Exchange;

/// <summary>
/// The one reading of an answer's UTF-8 bytes (<see cref="BitgetAnswer"/>): the shapes Bitget sends for V2 and V3,
/// and what must not fit (truncated, HTML, an error answer whose data has another shape).
/// </summary>
public sealed class AnswerParsingTests
{
    private static BitgetEnvelope<CancelAllData> CancelAll(string json)
    {
        var answer = BitgetAnswer.Read(Encoding.UTF8.GetBytes(json), BitgetJsonContext.Default.BitgetEnvelopeCancelAllData);
        return Assert.IsType<BitgetEnvelope<CancelAllData>>(answer.Envelope);
    }

    [Fact]
    public void Success_and_failure_lists_read_into_the_result_orders()
    {
        var envelope = CancelAll("""
            {"code":"00000","msg":"success","requestTime":1700000000000,"data":{
              "successList":[{"orderId":"111","clientOid":"c-1"},{"orderId":"222","clientOid":null}],
              "failureList":[{"orderId":"333","clientOid":"c-3","errorCode":"22002","errorMsg":"No order to cancel"}]}}
            """);

        Assert.Equal("00000", envelope.Code);
        Assert.Equal("success", envelope.Msg);
        Assert.Equal(1700000000000, envelope.RequestTime);
        Assert.Equal([new CancelledOrder("111", "c-1"), new CancelledOrder("222", null)], envelope.Data!.SuccessList);
        Assert.Equal([new FailedOrder("333", "c-3", "22002", "No order to cancel")], envelope.Data.FailureList);
    }

    [Theory]
    [InlineData("""{"code":"00000","msg":"success","data":{}}""")]
    [InlineData("""{"code":"00000","msg":"success","data":{"successList":null,"failureList":null}}""")]
    [InlineData("""{"code":"00000","msg":"success","data":{"successList":[],"failureList":[]}}""")]
    public void Missing_null_and_empty_lists_read_as_empty(string json)
    {
        var data = CancelAll(json).Data!;

        Assert.Empty(data.SuccessList);
        Assert.Empty(data.FailureList);
    }

    [Fact]
    public void Null_data_reads_as_no_data()
    {
        Assert.Null(CancelAll("""{"code":"22001","msg":"No order to cancel","requestTime":1,"data":null}""").Data);
    }

    [Fact]
    public void Unknown_fields_of_any_shape_are_skipped_at_every_level()
    {
        var envelope = CancelAll("""
            {"extra":{"a":[1,{"b":null}]},"code":"00000","data":{"note":[{"orderId":"not-this"}],
              "successList":[{"symbol":"BTCUSDT","orderId":"1","nested":{"orderId":"not-this"},"clientOid":"c","flags":[true,false]}],
              "failureList":[],"more":"x"},"msg":"success","tail":123.5}
            """);

        Assert.Equal("success", envelope.Msg);
        Assert.Equal([new CancelledOrder("1", "c")], envelope.Data!.SuccessList);
    }

    [Fact]
    public void An_id_sent_as_a_number_keeps_its_text_and_a_missing_id_reads_as_empty()
    {
        var data = CancelAll("""{"code":"00000","data":{"successList":[{"orderId":1234567890123456789012,"clientOid":7},{"clientOid":"only-client"}]}}""").Data!;

        Assert.Equal([new CancelledOrder("1234567890123456789012", "7"), new CancelledOrder(string.Empty, "only-client")], data.SuccessList);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        var data = CancelAll("""{"code":"00000","data":{"failureList":[{"orderId":"9","errorCode":"4\u0030001","errorMsg":"a \"quoted\" \u00e9"}]}}""").Data!;

        Assert.Equal(new FailedOrder("9", null, "40001", "a \"quoted\" é"), Assert.Single(data.FailureList));
    }

    [Fact]
    public void A_huge_answer_reads_every_order_in_order()
    {
        const int Count = 50_000;
        var json = new StringBuilder("""{"code":"00000","msg":"success","requestTime":1,"data":{"successList":[""");
        for (var i = 0; i < Count; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append("{\"orderId\":\"").Append(1_000_000_000_000_000_000L + i).Append("\",\"clientOid\":\"c").Append(i).Append("\"}");
        }

        var data = CancelAll(json.Append("],\"failureList\":[]}}").ToString()).Data!;

        Assert.Equal(Count, data.SuccessList.Count);
        Assert.Equal(new CancelledOrder("1000000000000000000", "c0"), data.SuccessList[0]);
        Assert.Equal(new CancelledOrder("1000000000000049999", "c49999"), data.SuccessList[^1]);
    }

    [Theory]
    [InlineData("""{"code":"40762","msg":"The order amount exceeds the balance","data":{"successList":"not a list"}}""", "40762")]
    [InlineData("""{"code":"40009","msg":"sign signature error","data":[1,2]}""", "40009")]
    [InlineData("""{"msg":"no code here","data":{"successList":[{"orderId":{"deep":1}}]}}""", null)]
    public void An_answer_whose_data_does_not_fit_is_read_for_its_code_alone(string json, string? code)
    {
        var answer = BitgetAnswer.Read(Encoding.UTF8.GetBytes(json), BitgetJsonContext.Default.BitgetEnvelopeCancelAllData);

        Assert.Null(answer.Envelope);
        Assert.Equal(code, answer.Code);
        Assert.NotNull(answer.Msg);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"code":"00000","msg":"success","data":{"successList":[{"orderId":""")]
    [InlineData("""{"code":"00000","msg":"success"}{"code":"00000"}""")]
    [InlineData("""{"code":"00000","msg":"success"} trailing""")]
    [InlineData("""["code","00000"]""")]
    [InlineData("null")]
    public void A_body_that_is_not_one_whole_json_object_is_unreadable(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Same(BitgetAnswer.Unreadable, BitgetAnswer.Read(bytes, BitgetJsonContext.Default.BitgetEnvelopeCancelAllData));
        Assert.Same(BitgetAnswer.Unreadable, BitgetAnswer.ReadCode(bytes));
    }

    [Fact]
    public void The_code_is_read_wherever_it_stands_and_only_as_a_string()
    {
        Assert.Equal("40015", BitgetAnswer.ReadCode("""{"data":{"code":"nested"},"msg":"m","code":"40015"}"""u8).Code);
        Assert.Null(BitgetAnswer.ReadCode("""{"code":429,"msg":"m"}"""u8).Code);
    }

    [Fact]
    public void V3_result_lists_read_each_item_with_its_code()
    {
        var answer = BitgetAnswer.Read("""
            {"code":"00000","msg":"success","requestTime":1,"data":{"list":[
              {"orderId":"1","clientOid":"a"},{"orderId":"2","clientOid":null,"code":"25204","msg":"order not found","x":{}}]}}
            """u8, BitgetV3JsonContext.Default.BitgetEnvelopeV3ResultList);

        var list = Assert.IsType<BitgetEnvelope<V3ResultList>>(answer.Envelope).Data!.List!;
        Assert.Equal([new V3ResultItem("1", "a", null, null), new V3ResultItem("2", null, "25204", "order not found")], list);
    }

    [Theory]
    [InlineData("""{"code":"00000","msg":"success","data":{"list":[],"cursor":null}}""")]
    [InlineData("""{"code":"00000","msg":"success","data":{"list":null}}""")]
    [InlineData("""{"code":"00000","msg":"success","data":{}}""")]
    public void V3_pages_read_empty_or_null_lists_and_a_spent_cursor(string json)
    {
        var answer = BitgetAnswer.Read(Encoding.UTF8.GetBytes(json), BitgetV3JsonContext.Default.BitgetEnvelopeV3OrderPage);

        var page = Assert.IsType<BitgetEnvelope<V3OrderPage>>(answer.Envelope).Data!;
        Assert.True(page.List is null or { Count: 0 });
        Assert.Null(page.Cursor);
    }

    [Fact]
    public void V3_strategy_orders_read_from_a_bare_array()
    {
        var answer = BitgetAnswer.Read("""{"code":"00000","data":[{"orderId":"7","symbol":"BTCUSDT","qty":"0.1","posSide":"long","unknown":[1]}]}"""u8, BitgetV3JsonContext.Default.BitgetEnvelopeIReadOnlyListV3StrategyOrder);

        var order = Assert.Single(Assert.IsType<BitgetEnvelope<IReadOnlyList<V3StrategyOrder>>>(answer.Envelope).Data!);
        Assert.Equal(("7", "BTCUSDT", "0.1", "long"), (order.OrderId, order.Symbol, order.Qty, order.PosSide));
    }
}
