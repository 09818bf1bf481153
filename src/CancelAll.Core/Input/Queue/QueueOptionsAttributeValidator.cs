using Microsoft.Extensions.Options;

namespace CancelAll.Core.Input.Queue;

/// <summary>The data-annotation checks of <see cref="QueueOptions"/>, source-generated (no reflection; trim- and AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class QueueOptionsAttributeValidator : IValidateOptions<QueueOptions>;
