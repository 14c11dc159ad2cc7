namespace StatusHub.Tests.Support;

/// <summary>
/// The checkout's top folder (the one holding StatusHub.sln): the content root the app runs from, with templates/ and wwwroot/.
/// Linked into the end-to-end tests and the benchmarks, so all three find it the same way.
/// </summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "StatusHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find StatusHub.sln above " + AppContext.BaseDirectory + ": run from the repository, which holds templates/ and wwwroot/.");
    }
}
