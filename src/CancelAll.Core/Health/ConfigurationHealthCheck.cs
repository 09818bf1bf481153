using CancelAll.Core.Credentials;
using CancelAll.Core.Exchange;
using CancelAll.Core.Input;
using CancelAll.Core.Input.Queue;
using CancelAll.Core.Input.Schedule;
using CancelAll.Core.Input.Webhooks;
using CancelAll.Core.Kill;
using CancelAll.Core.Replies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CancelAll.Core.Health;

/// <summary>Every settings section loads and validates. Validation messages name settings and rules, never values.</summary>
internal sealed class ConfigurationHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        void Validate<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>()
            where T : class
        {
            try
            {
                _ = services.GetService<IOptions<T>>()?.Value;
            }
            catch (OptionsValidationException e)
            {
                failures.AddRange(e.Failures);
            }
        }

        Validate<ExchangeOptions>();
        Validate<CredentialsOptions>();
        Validate<InputOptions>();
        Validate<WebhookOptions>();
        Validate<QueueOptions>();
        Validate<ScheduleOptions>();
        Validate<FlattenOptions>();
        Validate<ReplyOptions>();
        return Task.FromResult(failures.Count == 0
            ? HealthCheckResult.Healthy("all settings valid")
            : HealthCheckResult.Unhealthy(string.Join(" ", failures)));
    }
}
