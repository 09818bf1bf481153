using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CancelAll.Core.Exchange;

namespace CancelAll.Benchmarks;

/// <summary>
/// Row 7, this project's side: reading one cancel-all answer of N orders from the UTF-8 bytes the handler chain
/// buffered (<see cref="BitgetAnswer.Read"/>: the code, the message and every order, in one pass) into the
/// CancelledOrder list the outcome carries (the ids as UTF-8 in one arena per answer, which the outcome document is
/// written from; a string is made only when a caller asks for one). The peers' side is bench/peers/peer.js --parse.
/// </summary>
[MemoryDiagnoser]
public class AnswerParsing
{
    private byte[] body = [];

    [Params(1_000, 10_000)]
    public int Orders { get; set; }

    /// <summary>
    /// The answer's text: Bitget's shape, 19-digit order ids and a client id per order. peer.js builds the same text
    /// (same ids, same order), so that both sides parse identical bytes.
    /// </summary>
    public static string Body(int orders)
    {
        var text = new StringBuilder("""{"code":"00000","msg":"success","requestTime":1767225600000,"data":{"successList":[""");
        for (var i = 0; i < orders; i++)
        {
            var id = 1_100_000_000_000_000_000L + i;
            text.Append(i == 0 ? string.Empty : ",").Append("{\"orderId\":\"").Append(id).Append("\",\"clientOid\":\"cli-").Append(id).Append("\"}");
        }

        return text.Append("],\"failureList\":[]}}").ToString();
    }

    [GlobalSetup]
    public void Setup() => body = Encoding.UTF8.GetBytes(Body(Orders));

    [Benchmark]
    public int Parse()
    {
        var answer = BitgetAnswer.Read(body, BitgetJsonContext.Default.BitgetEnvelopeCancelAllData);
        return ((BitgetEnvelope<CancelAllData>)answer.Envelope!).Data!.SuccessList.Count;
    }
}

public static class ParseRow
{
    public sealed record Case(int Orders, double MeanNs, long AllocatedBytes)
    {
        public double BytesPerOrder => (double)AllocatedBytes / Orders;
    }

    public sealed record Result(bool Quick, IReadOnlyList<Case> Cases);

    public static Task<int> RunAsync(BenchArgs args)
    {
        var result = args.Flag("quick") ? Quick(args.Int("n", 20)) : Full(args.String("artifacts") ?? Path.Combine("bench", "out", "bdn"));
        BenchResult.Print(result);
        return Task.FromResult(result.Cases.Count == 2 ? 0 : 1);
    }

    /// <summary>Without BenchmarkDotNet: n reads of each size, stopwatch and this thread's allocation counter. For the smoke test.</summary>
    public static Result Quick(int n)
    {
        var cases = new List<Case>();
        foreach (var orders in new[] { 1_000, 10_000 })
        {
            var bench = new AnswerParsing { Orders = orders };
            bench.Setup();
            if (bench.Parse() != orders)
            {
                throw new InvalidOperationException($"The {orders}-order answer did not read {orders} orders.");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                bench.Parse();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            cases.Add(new Case(orders, elapsed.TotalNanoseconds / n, (GC.GetAllocatedBytesForCurrentThread() - allocated) / n));
        }

        return new Result(true, cases);
    }

    public static Result Full(string artifacts)
    {
        var summary = BenchmarkRunner.Run<AnswerParsing>(InProcessConfig.Create(artifacts));
        var cases = summary.Reports
            .Where(r => r.Success && r.ResultStatistics is not null)
            .Select(r => new Case(
                (int)r.BenchmarkCase.Parameters["Orders"],
                r.ResultStatistics!.Mean,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? -1))
            .OrderBy(c => c.Orders)
            .ToList();
        return new Result(false, cases);
    }
}
