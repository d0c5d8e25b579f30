namespace Cartera.Architecture.Fixtures.Cli.Shipping;

/// <summary>Cli/Shipping has its Application/Shipping counterpart.</summary>
public static class ShipCommand;
