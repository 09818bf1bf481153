using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Webhooks;

/// <summary>The data-annotation checks of <see cref="WebhookOptions"/>, source-generated (no reflection; trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class WebhookOptionsAttributeValidator : IValidateOptions<WebhookOptions>;
