using Baton;
using Baton.DataFrames;
using Baton.Hosting;
using Baton.Web;
using Microsoft.AspNetCore.Builder;

// A user's ASP.NET Core app with Baton's REST API and web UI: the public extensions only.
var builder = WebApplication.CreateBuilder(args);
builder.AddBaton().AddDags(typeof(Program).Assembly).AddDataFrames().AddWebServer();
var app = builder.Build();
app.MapBatonApi();
app.MapBatonUi();
app.Run();

/// <summary>The app's entry point, public for WebApplicationFactory.</summary>
public partial class Program;
