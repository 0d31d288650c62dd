using Baton.Runs;
using Baton.XComs;

namespace Baton.Metadata.Sqlite;

/// <summary>The row shapes Dapper reads and writes; conversions to and from the public records live here.</summary>
internal sealed partial class SqliteMetadataStore
{
    private sealed class DagRow
    {
        public string DagId { get; set; } = "";
        public bool IsPaused { get; set; }
        public string? Description { get; set; }
        public string? Schedule { get; set; }
        public string Tags { get; set; } = "";
        public string LastSeenAt { get; set; } = "";

        public DagRecord ToRecord() => new()
        {
            DagId = DagId, IsPaused = IsPaused, Description = Description, Schedule = Schedule,
            Tags = Tags.Length == 0 ? [] : Tags.Split(','), LastSeenAt = DbTime.Parse(LastSeenAt),
        };
    }

    private sealed class DagRunRow
    {
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string RunType { get; set; } = "";
        public string LogicalDate { get; set; } = "";
        public string DataIntervalStart { get; set; } = "";
        public string DataIntervalEnd { get; set; } = "";
        public string State { get; set; } = "";
        public string? Conf { get; set; }
        public string QueuedAt { get; set; } = "";
        public string? StartDate { get; set; }
        public string? EndDate { get; set; }
        public string? OwnerToken { get; set; }
        public long? OwnerPid { get; set; }
        public string? OwnerHostname { get; set; }
        public string? OwnedSince { get; set; }

        public static DagRunRow From(DagRunRecord r) => new()
        {
            DagId = r.DagId, RunId = r.RunId, RunType = StateNames.Of(r.RunType), LogicalDate = DbTime.ToText(r.LogicalDate),
            DataIntervalStart = DbTime.ToText(r.DataIntervalStart), DataIntervalEnd = DbTime.ToText(r.DataIntervalEnd),
            State = StateNames.Of(r.State), Conf = r.Conf, QueuedAt = DbTime.ToText(r.QueuedAt),
            StartDate = DbTime.ToText(r.StartDate), EndDate = DbTime.ToText(r.EndDate),
            OwnerToken = r.Owner?.Token, OwnerPid = r.Owner?.Pid, OwnerHostname = r.Owner?.Hostname, OwnedSince = DbTime.ToText(r.Owner?.Since),
        };

        public DagRunRecord ToRecord() => new()
        {
            DagId = DagId, RunId = RunId, RunType = StateNames.ParseDagRunType(RunType), LogicalDate = DbTime.Parse(LogicalDate),
            DataIntervalStart = DbTime.Parse(DataIntervalStart), DataIntervalEnd = DbTime.Parse(DataIntervalEnd),
            State = StateNames.ParseDagRunState(State), Conf = Conf, QueuedAt = DbTime.Parse(QueuedAt),
            StartDate = DbTime.ParseOrNull(StartDate), EndDate = DbTime.ParseOrNull(EndDate),
            Owner = OwnerToken is null ? null : new DagRunOwner(OwnerToken, (int)(OwnerPid ?? 0), OwnerHostname ?? "", DbTime.ParseOrNull(OwnedSince) ?? default),
        };
    }

    private sealed class TaskInstanceRow
    {
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string TaskId { get; set; } = "";
        public long MapIndex { get; set; }
        public string State { get; set; } = "";
        public long TryNumber { get; set; }
        public long MaxTries { get; set; }
        public string? StartDate { get; set; }
        public string? EndDate { get; set; }
        public double? DurationMs { get; set; }
        public string? Hostname { get; set; }
        public long? Pid { get; set; }
        public string? NextRetryAt { get; set; }
        public string? Error { get; set; }

        public static TaskInstanceRow From(TaskInstanceRecord r) => new()
        {
            DagId = r.DagId, RunId = r.RunId, TaskId = r.TaskId, MapIndex = r.MapIndex, State = StateNames.Of(r.State),
            TryNumber = r.TryNumber, MaxTries = r.MaxTries, StartDate = DbTime.ToText(r.StartDate), EndDate = DbTime.ToText(r.EndDate),
            DurationMs = r.Duration?.TotalMilliseconds, Hostname = r.Hostname, Pid = r.Pid, NextRetryAt = DbTime.ToText(r.NextRetryAt), Error = r.Error,
        };

        public TaskInstanceRecord ToRecord() => new()
        {
            DagId = DagId, RunId = RunId, TaskId = TaskId, MapIndex = (int)MapIndex, State = StateNames.ParseTaskInstanceState(State),
            TryNumber = (int)TryNumber, MaxTries = (int)MaxTries, StartDate = DbTime.ParseOrNull(StartDate), EndDate = DbTime.ParseOrNull(EndDate),
            Hostname = Hostname, Pid = (int?)Pid, NextRetryAt = DbTime.ParseOrNull(NextRetryAt), Error = Error,
        };
    }

    private sealed class XComRow
    {
        public string DagId { get; set; } = "";
        public string RunId { get; set; } = "";
        public string TaskId { get; set; } = "";
        public long MapIndex { get; set; }
        public string Key { get; set; } = "";
        public string Storage { get; set; } = "";
        public byte[]? Value { get; set; }
        public string? Location { get; set; }
        public string Format { get; set; } = "";
        public string Compression { get; set; } = "";
        public long Size { get; set; }
        public string? Checksum { get; set; }
        public string CreatedAt { get; set; } = "";

        public static object KeyOf(XComKey k) => new { k.DagId, k.RunId, k.TaskId, k.MapIndex, k.Key };

        public static XComRow From(XComRecord r) => new()
        {
            DagId = r.Key.DagId, RunId = r.Key.RunId, TaskId = r.Key.TaskId, MapIndex = r.Key.MapIndex, Key = r.Key.Key,
            Storage = r.Payload.Storage == XComStorage.Inline ? "inline" : "object", Value = r.Payload.Value, Location = r.Payload.Location,
            Format = r.Payload.Format, Compression = r.Payload.Compression, Size = r.Payload.Size, Checksum = r.Payload.Checksum,
            CreatedAt = DbTime.ToText(r.CreatedAt),
        };

        public XComRecord ToRecord() => new()
        {
            Key = new XComKey(DagId, RunId, TaskId, (int)MapIndex, Key),
            Payload = new XComPayload
            {
                Storage = Storage == "inline" ? XComStorage.Inline : XComStorage.ObjectStore, Value = Value, Location = Location,
                Format = Format, Compression = Compression, Size = Size, Checksum = Checksum,
            },
            CreatedAt = DbTime.Parse(CreatedAt),
        };
    }
}
