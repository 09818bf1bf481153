namespace CancelAll.Core.Tests.Support;

/// <summary>The repository's own files (README, docs, infra), found from the test's output folder.</summary>
public static class RepositoryFiles
{
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Functions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (Functions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
