using Baton.Dags;
using Baton.Web.Api;
using Microsoft.AspNetCore.Http;

namespace Baton.Web.Ui;

/// <summary>Loads what a page shows; a "no such DAG, run, task or XCom" becomes null and a 404 status, so the page can say so.</summary>
internal static class UiLoad
{
    public static async Task<T?> OrNotFoundAsync<T>(HttpContext http, Func<Task<T>> load) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            return await load().ConfigureAwait(false);
        }
        catch (ApiProblemException e) when (e.Status is StatusCodes.Status404NotFound or StatusCodes.Status400BadRequest)
        {
            UiStatus.Set(http, e.Status);
            return null;
        }
        catch (Exception e) when (e is DagNotFoundException or XComs.XComNotFoundException)
        {
            UiStatus.Set(http, StatusCodes.Status404NotFound);
            return null;
        }
    }
}
