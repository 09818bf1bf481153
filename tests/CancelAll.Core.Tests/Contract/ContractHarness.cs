using CancelAll.Core.Kill;
using CancelAll.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CancelAll.Core.Tests.Contract;

internal static class ContractHarness
{
    /// <summary>The test exchange and the real handlers, seeded for the case, with a short verify deadline.</summary>
    public static async Task<ExchangeHarness> StartAsync(string name, Action<IServiceCollection>? configure = null)
    {
        var harness = await ExchangeHarness.StartAsync(configure: services =>
        {
            services.Configure<FlattenOptions>(o =>
            {
                o.VerifyDeadline = TimeSpan.FromSeconds(0.5);
                o.VerifyInterval = TimeSpan.FromMilliseconds(50);
            });
            configure?.Invoke(services);
        });
        ContractCases.Seed(harness, name);
        return harness;
    }
}
