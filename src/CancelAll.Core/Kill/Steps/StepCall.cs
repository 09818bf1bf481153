using CancelAll.Core.Exchange;

namespace CancelAll.Core.Kill.Steps;

/// <summary>
/// One call of a step (with the reads it needs first, if any) that depends on no other call beside it.
/// <see cref="Send"/> talks to the exchange through the API it is given and touches nothing of the run; what it returns
/// records the result in the run, which <see cref="StepCalls"/> does in a fixed order once every call beside it has finished.
/// </summary>
internal sealed record StepCall(KillStep Step, string? Type, Func<IAccountApi, CancellationToken, Task<Action<TargetRun>>> Send);
