namespace Cartera.Architecture.Fixtures.Web.Billing
{
    /// <summary>Web/Billing has its Application/Billing counterpart.</summary>
    public static class BillingApi;
}

namespace Cartera.Architecture.Fixtures.Web.Shared
{
    /// <summary>Web/Shared is an allowed non-feature folder.</summary>
    public static class Layout;
}

namespace Cartera.Architecture.Fixtures.Web.Returns
{
    /// <summary>BROKEN on purpose: Web/Returns has no Application/Returns.</summary>
    public static class ReturnsApi;
}
