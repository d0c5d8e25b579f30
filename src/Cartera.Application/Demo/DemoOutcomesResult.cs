namespace Cartera.Application.Demo;

/// <summary>What the demo recorded: outcomes, how many were observed and paid, and the experiment code.</summary>
public sealed record DemoOutcomesResult(int Recorded, int Observed, int Paid, string Experiment);
