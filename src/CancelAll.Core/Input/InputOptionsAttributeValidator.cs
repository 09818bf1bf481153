using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input;

/// <summary>The data-annotation checks of <see cref="InputOptions"/>, source-generated (no reflection; trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class InputOptionsAttributeValidator : IValidateOptions<InputOptions>;
