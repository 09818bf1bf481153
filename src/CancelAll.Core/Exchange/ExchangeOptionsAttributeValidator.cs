using Microsoft.Extensions.Options;

namespace CancelAll.Core.Exchange;

/// <summary>The data-annotation checks of <see cref="ExchangeOptions"/>, source-generated (no reflection; trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class ExchangeOptionsAttributeValidator : IValidateOptions<ExchangeOptions>;
