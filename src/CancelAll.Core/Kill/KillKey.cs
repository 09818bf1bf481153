using CancelAll.Core.Commands;

namespace CancelAll.Core.Kill;

/// <summary>What makes two kills for one target identical, so that they may share one run: account, target, scope, verify, dry run.</summary>
public readonly record struct KillKey(string Account, CancelTarget Target, CancelScope Scope, bool Verify, bool DryRun);
