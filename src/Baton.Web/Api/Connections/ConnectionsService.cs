using System.Text.Json;
using System.Text.Json.Nodes;
using Baton.Configuration;
using Baton.Connections;

namespace Baton.Web.Api.Connections;

/// <summary>
/// Connections for the API and Admin → Connections, on the store and resolver <c>connections add|list|get|delete|test</c>
/// use: secrets encrypted at rest and never returned; <c>BATON_CONN_*</c> variables listed and winning, but not editable.
/// </summary>
internal sealed class ConnectionsService(IConnectionStore store, ConnectionResolver resolver, ConnectionTestService tester, BatonEnvironment environment)
{
    private static readonly string[] Fields = ["conn_type", "description", "host", "login", "schema", "port", "password", "extra"];

    public async Task<ConnectionCollectionJson> ListAsync(Paging paging, CancellationToken cancellationToken = default)
    {
        var entries = await resolver.ListAsync(cancellationToken).ConfigureAwait(false);
        return new ConnectionCollectionJson(paging.Of(entries.Select(e => ConnectionJson.From(e.Connection, e.Source))), entries.Count);
    }

    /// <exception cref="ConnectionNotFoundException">Neither a variable nor the database defines it.</exception>
    public async Task<ConnectionJson> GetAsync(string connId, CancellationToken cancellationToken = default)
    {
        ConnectionFields.ValidateConnId(connId);
        var entry = (await resolver.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => e.Connection.ConnId == connId);
        if (entry is not null)
        {
            return ConnectionJson.From(entry.Connection, entry.Source);
        }

        // Defined only by a variable whose name is not upper case as the listing wants it: found, but not listed.
        return ConnectionJson.From(await resolver.GetConnectionAsync(connId, cancellationToken).ConfigureAwait(false), ConnectionEntry.EnvironmentSource);
    }

    /// <summary>Adds a connection to the database.</summary>
    /// <exception cref="ApiProblemException">400: a field is missing or malformed; 409: the database has one with that id.</exception>
    public async Task<ConnectionJson> CreateAsync(JsonObject body, CancellationToken cancellationToken = default)
    {
        var connection = Parse(body, null);
        if (await store.GetAsync(connection.ConnId, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw ApiProblemException.Conflict($"connection '{connection.ConnId}' exists; change it with PATCH /connections/{connection.ConnId}");
        }

        await store.UpsertAsync(connection, cancellationToken).ConfigureAwait(false);
        return ConnectionJson.From(connection, ConnectionEntry.DatabaseSource);
    }

    /// <summary>
    /// Changes the fields the body sets (or, with <paramref name="updateMask"/>, only those it names) of a connection in the
    /// database; a password or extra not sent is kept.
    /// </summary>
    /// <exception cref="ApiProblemException">404: the database has no such connection; 400: a malformed field.</exception>
    public async Task<ConnectionJson> PatchAsync(string connId, JsonObject body, IReadOnlyList<string>? updateMask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ConnectionFields.ValidateConnId(connId);
        var existing = await store.GetAsync(connId, cancellationToken).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound($"the database has no connection '{connId}'" + EnvironmentNote(connId));
        if (ApiInput.String(body, "connection_id") is { } renamed && renamed != connId)
        {
            throw ApiProblemException.BadRequest($"connection_id '{renamed}' in the body differs from '{connId}' in the path; a connection cannot be renamed");
        }

        if (updateMask is not null && updateMask.FirstOrDefault(f => !Fields.Contains(f)) is { } unknown)
        {
            throw ApiProblemException.BadRequest($"update_mask names '{unknown}', which is not a field; use {string.Join(", ", Fields)}");
        }

        var changes = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (name != "connection_id" && (updateMask is null || updateMask.Contains(name)))
            {
                changes[name] = value?.DeepClone();
            }
        }

        var connection = Parse(changes, existing);
        await store.UpsertAsync(connection, cancellationToken).ConfigureAwait(false);
        return ConnectionJson.From(connection, ConnectionEntry.DatabaseSource);
    }

    /// <exception cref="ApiProblemException">404: the database has no such connection.</exception>
    public async Task DeleteAsync(string connId, CancellationToken cancellationToken = default)
    {
        ConnectionFields.ValidateConnId(connId);
        if (!await store.DeleteAsync(connId, cancellationToken).ConfigureAwait(false))
        {
            throw ApiProblemException.NotFound($"the database has no connection '{connId}'" + EnvironmentNote(connId));
        }
    }

    /// <summary>Tests the connection the body describes, without saving it (Airflow's <c>POST /connections/test</c>).</summary>
    public async Task<ConnectionTestJson> TestAsync(JsonObject body, string? container, CancellationToken cancellationToken = default) =>
        await TestAsync(Parse(body, null), container, cancellationToken).ConfigureAwait(false);

    /// <summary>Tests a defined connection (variable or database), as <c>connections test</c>.</summary>
    /// <exception cref="ConnectionNotFoundException">Neither a variable nor the database defines it.</exception>
    public async Task<ConnectionTestJson> TestAsync(string connId, string? container, CancellationToken cancellationToken = default)
    {
        ConnectionFields.ValidateConnId(connId);
        return await TestAsync(await resolver.GetConnectionAsync(connId, cancellationToken).ConfigureAwait(false), container, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ConnectionTestJson> TestAsync(Connection connection, string? container, CancellationToken cancellationToken)
    {
        var result = await tester.TestAsync(connection, container, cancellationToken).ConfigureAwait(false);
        return result is null
            ? new ConnectionTestJson(false, ConnectionTestService.NoTesterMessage(connection.ConnType))
            : new ConnectionTestJson(result.Success, result.Message);
    }

    /// <summary>A connection from a body's fields over <paramref name="existing"/>'s (or none).</summary>
    private static Connection Parse(JsonObject body, Connection? existing)
    {
        var connId = existing?.ConnId ?? ApiInput.String(body, "connection_id") ?? throw ApiProblemException.BadRequest("connection_id is required");
        ConnectionFields.ValidateConnId(connId);
        var connType = body.ContainsKey("conn_type") ? ApiInput.String(body, "conn_type") : existing?.ConnType;
        if (string.IsNullOrWhiteSpace(connType))
        {
            throw ApiProblemException.BadRequest("conn_type is required (aws, google_cloud_platform, wasb, postgres, …)");
        }

        return new Connection
        {
            ConnId = connId, ConnType = ConnectionFields.NormalizeConnType(connType),
            Description = Field(body, "description", existing?.Description), Host = Field(body, "host", existing?.Host),
            Login = Field(body, "login", existing?.Login), Schema = Field(body, "schema", existing?.Schema),
            Port = body.ContainsKey("port") ? ApiInput.Int(body, "port") : existing?.Port,
            Password = Field(body, "password", existing?.Password),
            Extra = body.ContainsKey("extra") ? Extra(connId, body["extra"]) : existing?.Extra,
        };
    }

    private static string? Field(JsonObject body, string name, string? existing) => body.ContainsKey(name) ? ApiInput.String(body, name) : existing;

    /// <summary>The extra as text: a JSON object given as such or as its text (Airflow sends text); checked without quoting it in errors.</summary>
    private static string? Extra(string connId, JsonNode? extra) => extra switch
    {
        null => null,
        JsonObject obj => obj.ToJsonString(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => ConnectionFields.ValidatedExtra(connId, value.GetValue<string>()),
        _ => throw ApiProblemException.BadRequest("extra must be a JSON object, or its text"),
    };

    private string EnvironmentNote(string connId) =>
        environment.Get(ConnectionResolver.EnvironmentVariableName(connId)) is null
            ? ""
            : $" (it is defined by the variable {ConnectionResolver.EnvironmentVariableName(connId)}, which the API cannot change)";
}
