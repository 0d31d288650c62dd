using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using static Baton.Web.Tests.Http;

namespace Baton.Web.Tests;

/// <summary>
/// A browser-like session on the UI: a client keeping cookies, pages parsed as HTML, and forms posted with every field
/// the page rendered (the antiforgery token, Blazor's form name) plus the ones a test fills in.
/// </summary>
internal sealed class UiSession(HttpClient client) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    /// <summary>A session logged in through the login form as <paramref name="username"/> (password "password-{username}").</summary>
    public static async Task<UiSession> LogInAsync(WebTestHost host, string username)
    {
        var session = new UiSession(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var (page, _) = await session.GetAsync("/login");
        using var response = await session.SubmitAsync("/login", page, "form", new() { ["Form.Username"] = username, ["Form.Password"] = "password-" + username });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login as {username}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return session;
    }

    /// <summary>Gets a page and parses it; asserts the status.</summary>
    public async Task<(IHtmlDocument Page, HttpResponseMessage Response)> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {expected}, got {response.StatusCode}: {html}");
        return (await Parser.ParseDocumentAsync(html, Ct), response);
    }

    /// <summary>Posts the form <paramref name="selector"/> selects with its fields as rendered, and <paramref name="fields"/> filled in.</summary>
    /// <param name="path">The page's path, where a form without an action posts.</param>
    /// <param name="page">The page.</param>
    /// <param name="selector">Selects the form.</param>
    /// <param name="fields">Fields to fill in.</param>
    public async Task<HttpResponseMessage> SubmitAsync(string path, IHtmlDocument page, string selector, Dictionary<string, string>? fields = null)
    {
        var form = page.QuerySelector(selector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form '{selector}' in {page.Title}: {page.Body?.InnerHtml}");
        // What a browser sends: every named field with its current value (checkboxes only when checked), disabled ones left out.
        var values = new Dictionary<string, string>();
        foreach (var element in form.Elements.Where(e => e.GetAttribute("name") is { Length: > 0 } && !e.HasAttribute("disabled")))
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio", IsChecked: false }:
                case IHtmlInputElement { Type: "submit" or "button" }:
                    break;
                case IHtmlInputElement input:
                    values[input.Name!] = input.Value;
                    break;
                case IHtmlSelectElement select:
                    values[select.Name!] = select.Value ?? "";
                    break;
                case IHtmlTextAreaElement area:
                    values[area.Name!] = area.Value;
                    break;
            }
        }

        foreach (var (name, value) in fields ?? [])
        {
            values[name] = value;
        }

        var action = form.GetAttribute("action") is { Length: > 0 } explicitAction ? explicitAction : path;
        using var content = new FormUrlEncodedContent(values);
        return await Client.PostAsync(action, content, Ct);
    }

    public void Dispose() => Client.Dispose();
}
