using System.Buffers.Binary;
using System.Runtime;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace CancelAll.Core.Startup;

/// <summary>
/// Multicore JIT for a process's start (<see cref="ProfileOptimization"/>): the runtime records which methods this
/// start compiled (or loaded precompiled) into a profile file, and on the next start with that file a background thread
/// compiles them ahead of the main thread, on the second core. Call <see cref="Start(string)"/> first thing in Main.
/// Facts it relies on (dotnet/runtime, src/coreclr/vm/multicorejit*.cpp, .NET 10):
/// <list type="bullet">
/// <item>Off unless an app calls it. It works under tiered compilation (the background thread makes the same first-tier
/// code the main thread would) and with ReadyToRun (loads of precompiled code are recorded and played too).</item>
/// <item>The profile names each module by simple name, version and MVID, not by path: a profile plays on another machine
/// with the same binaries; a module whose binary changed is skipped, the others still play.</item>
/// <item>A missing file: nothing plays, a new profile is recorded. A file the runtime cannot read (header, version):
/// ignored, and a new one is recorded. The file is written when <see cref="Save"/> is called or at a normal process exit
/// (on Linux never on a timer); a write that fails is silently dropped.</item>
/// <item>With fewer than 2 CPUs the runtime does nothing (MultiCoreJitMinNumCpus).</item>
/// </list>
/// Nothing here ever throws or stops the process: every problem becomes <see cref="Status"/>, said once in the log.
/// </summary>
public sealed class StartupJitProfile
{
    /// <summary>The setting: the directory of the profile files; <c>off</c> turns the profile off. Default: <see cref="DefaultDirectory"/>.</summary>
    public const string DirectorySetting = "CancelAll:Startup:JitProfileDirectory";

    /// <summary>The setting as an environment variable: it is read before any configuration exists.</summary>
    public const string DirectoryVariable = "CancelAll__Startup__JitProfileDirectory";

    /// <summary>The file name's ending; the process kind comes before it.</summary>
    public const string Extension = ".jitprofile";

    // The runtime's header: record id (type 1 in the top byte, the header's 64 bytes below) and format version 102
    // (multicorejitimpl.h, HeaderRecord and MULTICOREJIT_PROFILE_VERSION).
    private const uint HeaderRecordId = (1u << 24) | 64;
    private const uint HeaderVersion = 102;

    private readonly Action? save;
    private int saved;

    private StartupJitProfile(string? filePath, bool playing, string status, Action? save)
    {
        FilePath = filePath;
        Playing = playing;
        Status = status;
        this.save = save;
    }

    /// <summary>The temporary directory's <c>cancel-all-jit-USER</c>: writable by this user, local to the machine.</summary>
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "cancel-all-jit-" + Environment.UserName);

    /// <summary>The profile file, or null when there is no profile.</summary>
    public string? FilePath { get; }

    /// <summary>A profile recorded by an earlier start was found and handed to the runtime to play.</summary>
    public bool Playing { get; }

    /// <summary>Recording (and, when <see cref="Playing"/>, playing) is under way.</summary>
    public bool Recording => save is not null;

    /// <summary>One sentence for the log: what this start does with its profile, or why there is none.</summary>
    public string Status { get; }

    /// <summary>
    /// Starts this process's profile <paramref name="processKind"/> (a file name without extension, one per kind of
    /// start, e.g. the app or the CLI) in the directory the environment variable <see cref="DirectoryVariable"/> names.
    /// </summary>
    public static StartupJitProfile Start(string processKind) =>
        Start(processKind, Environment.GetEnvironmentVariable(DirectoryVariable), JitCompiles(), Environment.ProcessorCount, RuntimeProfile.Start, RuntimeProfile.Save);

    /// <summary>The decisions, with the runtime's calls given (tests give their own: the runtime allows one profile root per process).</summary>
    internal static StartupJitProfile Start(string processKind, string? configuredDirectory, bool jitCompiles, int processorCount, Action<string, string> startRuntime, Action saveRuntime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(processKind);
        ArgumentNullException.ThrowIfNull(startRuntime);
        ArgumentNullException.ThrowIfNull(saveRuntime);
        if (!jitCompiles)
        {
            return None("this build is compiled ahead of time (Native AOT): nothing is JIT-compiled");
        }

        if (string.Equals(configuredDirectory?.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return None($"{DirectorySetting} is off");
        }

        if (processorCount < 2)
        {
            return None($"this process has {processorCount} CPU and the runtime plays a profile only with 2 or more");
        }

        var directory = string.IsNullOrWhiteSpace(configuredDirectory) ? DefaultDirectory : configuredDirectory.Trim();
        if (!Path.IsPathFullyQualified(directory))
        {
            return None($"{DirectorySetting} (environment: {DirectoryVariable}) is '{directory}', which is not an absolute path; example: /tmp/cancel-all-jit, or off");
        }

        var file = Path.Combine(directory, processKind + Extension);
        try
        {
            Directory.CreateDirectory(directory);
            var found = ReadHeader(file);
            if (found != ProfileFile.Readable && !CanWrite(directory, processKind))
            {
                // Nothing to play and nowhere to record: leave the runtime out of it.
                return None($"the directory {directory} cannot be written to ({DirectorySetting}: use a writable directory)");
            }

            startRuntime(directory, processKind + Extension);
            var status = found switch
            {
                ProfileFile.Readable => $"playing the profile {file} recorded by an earlier start, and recording this start's",
                ProfileFile.Missing => $"no profile yet at {file} (the first start here): recording one for the next start",
                _ => $"the file {file} is not a profile this runtime reads (ignored): recording a new one for the next start",
            };
            return new StartupJitProfile(file, found == ProfileFile.Readable, status, saveRuntime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return None($"the directory {directory} cannot be used ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>
    /// Writes the profile of what this start compiled so far and stops recording (once; later calls do nothing). The app
    /// calls it after its warm-up, so that the profile holds the start and not whatever ran later, and so that it is
    /// written even when the process is later killed (a normal exit would write it too).
    /// </summary>
    public void Save()
    {
        if (save is not null && Interlocked.Exchange(ref saved, 1) == 0)
        {
            save();
        }
    }

    /// <summary>Says <see cref="Status"/> in the log: why there is no profile (a warning), or what was found.</summary>
    public void Log(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        StartupJitProfileLog.Status(logger, Recording ? LogLevel.Information : LogLevel.Warning, Status);
    }

    // PublishAot sets IsDynamicCodeSupported false in the JIT build's runtimeconfig too (so that it behaves as the native
    // one), but that build has JIT-compiled at least its Main by now; a Native AOT binary never compiles anything.
    private static bool JitCompiles() => RuntimeFeature.IsDynamicCodeSupported || JitInfo.GetCompiledMethodCount() > 0;

    private static StartupJitProfile None(string why) => new(null, false, "no start-up JIT profile: " + why, null);

    private static ProfileFile ReadHeader(string file)
    {
        Span<byte> header = stackalloc byte[8];
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                && BinaryPrimitives.ReadUInt32LittleEndian(header) == HeaderRecordId
                && BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) == HeaderVersion
                ? ProfileFile.Readable
                : ProfileFile.Unreadable;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ProfileFile.Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ProfileFile.Unreadable;
        }
    }

    // The runtime drops a failed write silently, so find out here whether a file can be made there at all.
    private static bool CanWrite(string directory, string processKind)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(directory, $"{processKind}.{Environment.ProcessId}.probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private enum ProfileFile
    {
        Missing,
        Readable,
        Unreadable,
    }

    /// <summary>The runtime's API: one profile root per process; starting "no profile" writes the current one and stops.</summary>
    private static class RuntimeProfile
    {
        public static void Start(string directory, string fileName)
        {
            ProfileOptimization.SetProfileRoot(directory);
            ProfileOptimization.StartProfile(fileName);
        }

        public static void Save() => ProfileOptimization.StartProfile(null);
    }
}
