using Microsoft.Playwright;

namespace Cartera.Web.Tests.Support;

/// <summary>Page object: what a person does on Cartera's pages, in the words of the Spanish UI.</summary>
internal sealed class CarteraPages(IPage page, Uri baseAddress)
{
    public IPage Page => page;

    public async Task SignInAsync(string email, string password)
    {
        await page.GotoAsync(new Uri(baseAddress, "/cuenta/ingresar").ToString());
        await page.GetByLabel("Correo electrónico").FillAsync(email);
        await page.GetByLabel("Contraseña").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ingresar" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/cuenta/ingresar", StringComparison.Ordinal));
    }

    public async Task SearchAsync(string text)
    {
        await page.GetByLabel("Nombre, número de identificación u obligación").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Buscar", Exact = true }).ClickAsync();
    }

    public Task OpenDebtorAsync(string name) => page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

    public ILocator DebtorName => page.GetByTestId("debtor-name");

    public ILocator ObligationLink(string number) => page.GetByRole(AriaRole.Link, new() { Name = number });
}
