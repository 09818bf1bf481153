namespace CancelAll.Core.Tests.Support;

/// <summary>A directory of the test's own under the temporary folder (made when first written to), deleted with its contents at the end.</summary>
public sealed class TemporaryDirectory(string prefix) : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>Writes a file into the directory, making the directory first; returns the file's path.</summary>
    public async Task<string> WriteAsync(string fileName, string text)
    {
        Directory.CreateDirectory(Path);
        var file = System.IO.Path.Combine(Path, fileName);
        await File.WriteAllTextAsync(file, text);
        return file;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
