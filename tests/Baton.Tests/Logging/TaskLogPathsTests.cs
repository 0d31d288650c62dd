using System.Text;
using Baton.Logging;

namespace Baton.Tests.Logging;

public sealed class TaskLogPathsTests
{
    private const string Logs = "/var/baton/logs";

    private static string[] Segments(string path) => Path.GetRelativePath(Logs, path).Split(Path.DirectorySeparatorChar);

    [Theory]
    [InlineData('r')]
    [InlineData(':')]
    [InlineData('~')]
    [InlineData('é')]
    public void For_IdsOfTheLongestAcceptedLength_GiveDirectoryNamesThatFitAFileName(char fill)
    {
        var id = new string(fill, 250);

        var path = TaskLogPaths.For(Logs, id, id, id, 3, 1);

        Assert.All(Segments(path), s => Assert.True(Encoding.UTF8.GetByteCount(s) <= 255, $"{Encoding.UTF8.GetByteCount(s)} bytes: {s}"));
        Assert.StartsWith(Logs + "/", path, StringComparison.Ordinal);
    }

    [Fact]
    public void For_LongIdsThatDifferOnlyAtTheEnd_GetDifferentDirectories()
    {
        var common = new string('r', 240);

        Assert.NotEqual(TaskLogPaths.For(Logs, "d", common + "a", "t", -1, 1), TaskLogPaths.For(Logs, "d", common + "b", "t", -1, 1));
    }

    [Fact]
    public void For_IdsUpToTheSegmentLimit_StayWholeAndReadable()
    {
        var id = "manual__" + new string('x', TaskLogPaths.MaxSegmentIdLength - 8);

        Assert.Equal($"{Logs}/dag_id=d/run_id={id}/task_id=t/attempt=2.log", TaskLogPaths.For(Logs, "d", id, "t", -1, 2));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../etc")]
    [InlineData("a/b")]
    public void For_IdsThatLookLikePaths_StayInsideTheLogsDirectory(string id)
    {
        var path = Path.GetFullPath(TaskLogPaths.For(Logs, id, id, id, -1, 1));

        Assert.StartsWith(Logs + "/", path, StringComparison.Ordinal);
        Assert.Equal(4, Segments(path).Length);
    }
}
